using Fabriques.Testing;

[assembly: AssemblyFixture(typeof(Infrastructure))]
