// The admin site. A placeholder until the admin issue: it builds and answers on its own port.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/", () => Results.Text("Harmony Identity admin site: coming with the admin issue.", "text/plain; charset=utf-8"));
app.Run();
