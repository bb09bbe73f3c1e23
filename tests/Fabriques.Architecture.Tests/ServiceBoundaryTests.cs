using Fabriques.Testing;
using System.Reflection;
using System.Xml.Linq;
using NetArchTest.Rules;

namespace Fabriques.Architecture.Tests;

/// <summary>
/// Services share only <c>Contracts</c> and the building blocks (<c>Messaging</c>, <c>UseCases</c>, <c>ServiceDefaults</c>) and talk
/// through RabbitMQ: a reference from one service to another fails here, in the project files and in the code.
/// </summary>
public sealed class ServiceBoundaryTests
{
    private static readonly string[] Services = ["Directory", "Candidature", "Grants", "Notification"];
    private static readonly string[] SharedBuildingBlocks = ["Fabriques.Contracts", "Fabriques.Messaging", "Fabriques.UseCases", "Fabriques.ServiceDefaults"];

    public static TheoryData<string> ServiceNames => new(Services);

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void A_service_project_references_only_the_shared_building_blocks(string service)
    {
        var references = ProjectReferences(Path.Combine(Repository.Root, "services", service, $"Fabriques.{service}.csproj"));

        Assert.NotEmpty(references);
        Assert.All(references, reference => Assert.Contains(reference, SharedBuildingBlocks));
    }

    [Fact]
    public void Contracts_depend_on_nothing_of_the_platform()
    {
        Assert.Empty(ProjectReferences(Path.Combine(Repository.Root, "services", "Contracts", "Fabriques.Contracts.csproj")));
        Assert.DoesNotContain(typeof(Contracts.IntegrationEvent).Assembly.GetReferencedAssemblies(),
            a => a.Name!.StartsWith("Fabriques.", StringComparison.Ordinal));
    }

    [Fact]
    public void The_gateway_holds_no_service_code()
    {
        var references = ProjectReferences(Path.Combine(Repository.Root, "gateway", "Fabriques.Gateway.csproj"));

        Assert.Equal(["Fabriques.ServiceDefaults"], references);
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void No_type_of_a_service_uses_another_service(string service)
    {
        var others = Services.Where(s => s != service).Select(s => $"Fabriques.{s}").ToArray();

        var result = Types.InAssembly(ServiceAssembly(service)).ShouldNot().HaveDependencyOnAny(others).GetResult();

        Assert.True(result.IsSuccessful, $"Fabriques.{service} uses another service: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    private static Assembly ServiceAssembly(string service) => Assembly.Load($"Fabriques.{service}");

    private static string[] ProjectReferences(string projectFile) =>
        XDocument.Load(projectFile).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToArray();

}
