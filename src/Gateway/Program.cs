using Enerlectra.Gateway;

// The whole system in one process by default: silo, public API, dashboard and mobile money sandbox.
// See GatewayApplication for the steps and appsettings.json for what each can be switched to.
var app = GatewayApplication.Build(args);
await app.RunAsync();
