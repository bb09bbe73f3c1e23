using System.Reflection;
using NetArchTest.Rules;

namespace Fabriques.Architecture.Tests;

/// <summary>
/// A service's <c>Domain</c> is plain C#: it depends on the BCL and on <c>Contracts</c> only (ADR 0008), never on HTTP,
/// EF Core, the building blocks or the service's own features and data access.
/// </summary>
public sealed class DomainPurityTests
{
    /// <summary>
    /// Google's libphonenumber: the numbering plans of France and its overseas départements, pure data and code with no
    /// I/O, which the directory's rules use instead of copying the plans (see <c>Domain/PhoneNumber.cs</c>).
    /// </summary>
    private const string NumberingPlans = "PhoneNumbers";

    public static TheoryData<string> ServiceNames => new("Directory", "Candidature", "Grants", "Notification");

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void A_domain_depends_only_on_the_BCL_and_the_contracts(string service)
    {
        var domain = $"Fabriques.{service}.Domain";
        var types = Types.InAssembly(Assembly.Load($"Fabriques.{service}")).That().ResideInNamespace(domain);

        Assert.NotEmpty(types.GetTypes());
        var result = types.Should().OnlyHaveDependenciesOn("System", "Fabriques.Contracts", domain, NumberingPlans).GetResult();

        Assert.True(result.IsSuccessful, $"{domain} depends on more than the BCL and Contracts: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

}
