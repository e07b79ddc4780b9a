using FluentValidation;
using Harmony.Identity.Server.Features.AdminApi.Bulk;
using Harmony.Identity.Contracts.Admin;
using OpenIddict.Validation.AspNetCore;

namespace Harmony.Identity.Server.Features.AdminApi;

public static class AdminApiExtensions
{
    /// <summary>Access token with the admin scope, validated by OpenIddict (this server's own tokens).</summary>
    public const string Policy = "harmony-admin-api";

    /// <summary>The admin API's services: token validation, the authorization policy, validators, OpenAPI.</summary>
    public static IHostApplicationBuilder AddHarmonyAdminApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthorization(options => options.AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new ActiveAdminRequirement())));
        builder.Services.AddScoped<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, ActiveAdminHandler>();
        // Malformed JSON or query values get a problem-details body too, not a bare 400.
        builder.Services.AddProblemDetails();
        // A JSON body that does not parse or bind (`{`, `"ids": "everyone"`) answered a bare 400 without a body whenever
        // the caller sent no Accept header; thrown, it reaches MalformedRequestGuard, which answers problem details.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddScoped<AdminRoles>();
        builder.Services.AddScoped<CompanyOnboarding>();
        builder.Services.AddOptions<OperatorAccountsOptions>().Bind(builder.Configuration.GetSection(OperatorAccountsOptions.Section))
            .Validate(o => AdminFieldRules.IsCompanyCode(o.CompanyCode), $"{OperatorAccountsOptions.Section}:CompanyCode must be a company code (lowercase letters, digits and hyphens).")
            .ValidateOnStart();
        builder.Services.AddScoped<ClientFacts.Source>();
        builder.Services.AddScoped<Import.EmployeeImporter>();
        builder.Services.AddScoped<Bulk.EmployeeBulk>();
        builder.Services.AddScoped<Import.EmployeeImportRunner>();
        builder.Services.AddSingleton<Import.EmployeeImportSignal>();
        builder.Services.AddOptions<Import.EmployeeImportOptions>()
            .Bind(builder.Configuration.GetSection(Import.EmployeeImportOptions.Section))
            .Validate(o => o.ClaimDuration > TimeSpan.Zero && o.PollInterval > TimeSpan.Zero && o.HashParallelism > 0,
                $"{Import.EmployeeImportOptions.Section}: ClaimDuration and PollInterval must be positive, HashParallelism at least 1.")
            .ValidateOnStart();
        // Confirmed imports run here unless Harmony:Imports:RunInBackground is false (then another node, or a test, runs them).
        builder.Services.AddHostedService<Import.EmployeeImportService>();
        builder.Services.AddValidatorsFromAssemblyContaining<CompanyPolicyDto>(ServiceLifetime.Singleton);
        builder.Services.AddOpenApi("admin", options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/admin", StringComparison.Ordinal) == true;
            options.AddSchemaTransformer((schema, context, _) =>
            {
                // The policy's named choices are strings on the wire (so that a new one breaks no client): the document lists them.
                if (context.JsonTypeInfo.Type == typeof(CompanyPolicyDto) && schema.Properties is { } properties)
                {
                    AllowValues(properties, "secondFactor", AdminFieldRules.SecondFactorModes);
                    AllowValues(properties, "passwordRules", AdminFieldRules.PasswordRuleSets);
                }
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    private static void AllowValues(IDictionary<string, Microsoft.OpenApi.IOpenApiSchema> properties, string name, IEnumerable<string> values)
    {
        if (properties.TryGetValue(name, out var property) && property is Microsoft.OpenApi.OpenApiSchema schema)
        {
            schema.Enum = [.. values.Select(value => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(value))];
        }
    }

    /// <summary>
    /// The admin API's route group: every endpoint under <c>/api/admin</c> requires the policy; endpoints read the
    /// caller with <see cref="Caller"/>.
    /// </summary>
    public static WebApplication MapHarmonyAdminApi(this WebApplication app)
    {
        app.MapOpenApi(AdminApiRoutes.Base + "/{documentName}.json").AllowAnonymous();
        var api = app.MapGroup(AdminApiRoutes.Base)
            .RequireAuthorization(Policy)
            .DisableAntiforgery()
            .WithTags("Admin");
        api.MapGet("/me", (HttpContext context) =>
        {
            var caller = Caller(context);
            return TypedResults.Ok(new AdminIdentity(caller.Subject, caller.Name, caller.Role, caller.CompanyId));
        });
        api.MapCompanyEndpoints();
        api.MapEmployeeEndpoints();
        api.MapEmployeeProfileEndpoints();
        api.MapEmployeePasskeyEndpoints();
        api.MapEmployeeImportEndpoints();
        api.MapBulkEndpoints();
        api.MapAuditEndpoints();
        api.MapExportEndpoints();
        api.MapClientEndpoints();
        api.MapRoleEndpoints();
        api.MapReissueRequestEndpoints();
        api.MapAuthenticatorEndpoints();
        return app;
    }

    /// <summary>The authenticated caller; the policy guarantees there is one.</summary>
    public static AdminCaller Caller(HttpContext context) =>
        AdminCaller.From(context.User) ?? throw new InvalidOperationException("The admin policy let through a caller without an admin role.");

    /// <summary>A 400 problem with the failed rules by field name, from a FluentValidation result.</summary>
    public static IResult ValidationProblem(FluentValidation.Results.ValidationResult result) =>
        TypedResults.ValidationProblem(result.Errors
            .GroupBy(e => e.PropertyName)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray()));
}
