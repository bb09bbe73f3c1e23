using Fabriques.ServiceDefaults;
using Fabriques.Testing;

namespace Fabriques.Directory.Tests;

/// <summary>The directory service on its own database and virtual host.</summary>
public sealed class DirectoryHost(Infrastructure infrastructure) : ServiceHost<Program>(infrastructure, ResourceNames.DirectoryDb);
