using Harmony.Identity.Server.Connect;
using Harmony.Identity.Server.Features.AdminApi;
using Harmony.Identity.Server.Features.Email;
using Harmony.Identity.Server.Features.MyAccount;
using Harmony.Identity.Server.Features.Recovery;
using Harmony.Identity.Server.Features.SignIn;
using Harmony.Identity.Server.Localization;

var builder = WebApplication.CreateBuilder(args);

// The start-up sequence (migrate, roles, clients, demo data; Hosting/StartupSequence.cs) is the first hosted service.
builder.AddHarmonyStartup();
// Outside Development: no developer's settings (pickup mail, development keys, demo data, loopback URLs) without an explicit switch.
builder.AddHarmonyProductionSafety();
builder.AddHarmonyData();
builder.AddHarmonyWeb();
builder.AddHarmonyOperations();
builder.AddHarmonyLocalization();
builder.AddHarmonyIdentity();
builder.AddHarmonyAccounts();
builder.AddHarmonySignIn();
builder.AddHarmonyMyAccount();
builder.AddHarmonyEmail();
builder.AddHarmonyRecovery();
builder.AddHarmonyOpenIddict();
builder.AddHarmonyAdminApi();
builder.AddHarmonyJobs();
builder.AddHarmonyDemoData();

var app = builder.Build();
app.UseHarmonyPipeline();
app.MapHarmonyAdminApi();
app.Run();

/// <summary>Entry point; public so that tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
