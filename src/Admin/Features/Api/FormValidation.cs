using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Harmony.Identity.Admin.Features.Api;

/// <summary>
/// Puts field errors where the page shows them: the Contracts validators' failures before a call, and the API's
/// 400 problems after one. A field named <c>Policy.LockoutThreshold</c> by the API is the form's
/// <c>Input.Policy.LockoutThreshold</c>; an item of a list (<c>RedirectUris[1]</c>) belongs to the list's field.
/// </summary>
public sealed partial class FormValidation(IServiceProvider services)
{
    /// <summary>Validates with the request's Contracts validator, when there is one; true when the request may be sent.</summary>
    public bool Check<TRequest>(TRequest request, ModelStateDictionary modelState, string prefix = "Input")
    {
        var validator = services.GetService<IValidator<TRequest>>();
        if (validator is null) return modelState.IsValid;
        var result = validator.Validate(request);
        foreach (var failure in result.Errors)
        {
            Add(modelState, prefix, failure.PropertyName, failure.ErrorMessage);
        }
        return modelState.IsValid;
    }

    /// <summary>The problem's field errors beside their fields (and in the summary); a problem without fields in the summary.</summary>
    public static void AddProblem(ModelStateDictionary modelState, ApiProblem problem, string fallbackMessage, string prefix = "Input",
        IReadOnlyDictionary<string, string>? fieldNames = null)
    {
        if (problem.Errors.Count == 0)
        {
            modelState.AddModelError("", problem.Detail ?? problem.Title ?? fallbackMessage);
            return;
        }
        foreach (var (field, messages) in problem.Errors)
        {
            var name = fieldNames is not null && fieldNames.TryGetValue(field, out var mapped) ? mapped : field;
            foreach (var message in messages) Add(modelState, prefix, name, message);
        }
    }

    private static void Add(ModelStateDictionary modelState, string prefix, string field, string message)
    {
        var match = Indexed().Match(field);
        var key = match.Success ? match.Groups["list"].Value : field;
        if (match.Success)
        {
            message = $"({int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture) + 1}) {message}";
        }
        modelState.AddModelError(string.IsNullOrEmpty(key) ? "" : string.IsNullOrEmpty(prefix) ? key : $"{prefix}.{key}", message);
    }

    [GeneratedRegex(@"^(?<list>.*)\[(?<index>\d+)\]$")]
    private static partial Regex Indexed();
}
