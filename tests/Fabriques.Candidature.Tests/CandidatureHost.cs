using Fabriques.ServiceDefaults;
using Fabriques.Testing;

namespace Fabriques.Candidature.Tests;

/// <summary>The candidature service on its own database and virtual host.</summary>
public sealed class CandidatureHost(Infrastructure infrastructure) : ServiceHost<Program>(infrastructure, ResourceNames.CandidatureDb);
