using Fabriques.Testing;
using Fabriques.Contracts;

namespace Fabriques.Architecture.Tests;

/// <summary>The published event catalogue (<c>docs/asyncapi.yaml</c>) must say exactly what the code publishes.</summary>
public sealed class AsyncApiDocumentTests
{
    private static readonly string DocumentPath = Path.Combine(Repository.Root, "docs", "asyncapi.yaml");

    [Fact]
    public void The_event_catalogue_matches_the_contracts()
    {
        var generated = AsyncApiDocument.Generate();
        if (Environment.GetEnvironmentVariable("UPDATE_ASYNCAPI") == "1")
        {
            File.WriteAllText(DocumentPath, generated);
        }

        Assert.True(File.Exists(DocumentPath), "docs/asyncapi.yaml is missing: run eng/regenerate-documents.sh");
        Assert.Equal(generated, File.ReadAllText(DocumentPath));
    }

    [Fact]
    public void Every_event_of_the_contract_is_in_the_catalogue_with_its_cloudevents_type()
    {
        var document = AsyncApiDocument.Generate();

        Assert.Equal(19, EventTypes.All.Count());
        Assert.All(EventTypes.Names, type => Assert.Contains($"title: {type}", document, StringComparison.Ordinal));
    }
}
