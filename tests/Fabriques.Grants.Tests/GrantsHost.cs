using Fabriques.ServiceDefaults;
using Fabriques.Testing;

namespace Fabriques.Grants.Tests;

/// <summary>The grants service on its own database and virtual host.</summary>
public sealed class GrantsHost(Infrastructure infrastructure) : ServiceHost<Program>(infrastructure, ResourceNames.GrantsDb);
