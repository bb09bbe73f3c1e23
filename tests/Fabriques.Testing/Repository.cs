namespace Fabriques.Testing;

/// <summary>The root of the repository, found from the test's output folder.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fabriques.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Fabriques.sln not found above the test output.");
    }
}
