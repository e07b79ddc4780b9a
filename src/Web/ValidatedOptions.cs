using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Harmony.Identity.Web;

/// <summary>Options bound from a section and checked when the host starts, each problem a sentence naming its setting.</summary>
public static class ValidatedOptions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="section"/> and refuses to start while
    /// <paramref name="problems"/> (given the options and the section's name, to put in front of each key) says anything.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(
        this IServiceCollection services, IConfiguration configuration, string section, Func<TOptions, string, IEnumerable<string>> problems)
        where TOptions : class
    {
        services.AddSingleton<IValidateOptions<TOptions>>(new SectionValidator<TOptions>(section, problems));
        return services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
    }

    /// <summary>The problem of a duration setting that must be longer than zero, or none.</summary>
    public static IEnumerable<string> Positive(TimeSpan value, string key)
    {
        if (value <= TimeSpan.Zero) yield return $"{key} must be a positive duration.";
    }

    /// <summary>The problem of an optional URL setting that, when set, must be an absolute http(s) URL, or none.</summary>
    public static IEnumerable<string> AbsoluteHttp(Uri? value, string key)
    {
        if (value is not null && (!value.IsAbsoluteUri || value.Scheme is not ("http" or "https")))
        {
            yield return $"{key} must be an absolute http(s) URL.";
        }
    }

    private sealed class SectionValidator<TOptions>(string section, Func<TOptions, string, IEnumerable<string>> problems)
        : IValidateOptions<TOptions> where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var found = problems(options, section).ToList();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
