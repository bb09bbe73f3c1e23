using Fabriques.Gateway.Tests.Support;

namespace Fabriques.Gateway.Tests;

/// <summary>The gateway as developers run it: Development environment, appsettings defaults.</summary>
public sealed class DevelopmentGateway() : GatewayHost("Development", new Dictionary<string, string?>());

/// <summary>The gateway as deployed: Production environment, appsettings defaults.</summary>
public sealed class ProductionGateway() : GatewayHost("Production", new Dictionary<string, string?>());
