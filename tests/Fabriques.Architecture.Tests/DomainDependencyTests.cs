using System.Runtime.InteropServices;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Fabriques.Architecture.Tests;

/// <summary>
/// A service's <c>Domain</c> is plain C#: its rules use the base class library and the events and values of
/// <c>Contracts</c>, never the database, the broker, HTTP or a building block, so they read and test on their own.
/// </summary>
/// <remarks>
/// Read from the compiled assembly with Mono.Cecil: every type a domain type names (signatures, attributes, method
/// bodies) and the assembly it comes from. NetArchTest matches namespaces only, and took the types the compiler emits
/// for collection expressions (outside any namespace) for foreign ones.
/// </remarks>
public sealed class DomainDependencyTests
{
    private const string Contracts = "Fabriques.Contracts";

    /// <summary>Libraries (assembly names) a domain may use besides, each for a reason it cannot do without.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        // libphonenumber: a place's phone number is checked and written in one form by the rules of the French numbering
        // plan, which the domain cannot keep up to date by hand.
        ["Directory"] = ["PhoneNumbers"],
        ["Candidature"] = [],
        ["Grants"] = [],
        ["Notification"] = [],
    };

    /// <summary>The base class library: the assemblies of the shared framework this test runs on (Microsoft.NETCore.App).</summary>
    private static readonly HashSet<string> BaseClassLibrary =
        [.. System.IO.Directory.EnumerateFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll").Select(file => Path.GetFileNameWithoutExtension(file))];

    public static TheoryData<string> Services => new(Allowed.Keys);

    [Theory]
    [MemberData(nameof(Services))]
    public void A_domain_depends_only_on_the_base_class_library_and_the_contracts(string service)
    {
        var domain = $"Fabriques.{service}.Domain";
        using var assembly = AssemblyDefinition.ReadAssembly(Path.Combine(AppContext.BaseDirectory, $"Fabriques.{service}.dll"));
        var types = assembly.MainModule.GetTypes().Where(t => InNamespace(t, domain)).ToList();

        var foreign = types
            .SelectMany(type => Used(type).Where(used => !Allows(used, domain, Allowed[service])).Select(used => $"{type.FullName} → {Describe(used)}"))
            .Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(types);
        Assert.True(foreign.Count == 0, $"{domain} uses more than the base class library and the contracts:{Environment.NewLine}{string.Join(Environment.NewLine, foreign)}");
    }

    private static bool Allows(TypeReference used, string domain, string[] libraries) => used.Scope switch
    {
        ModuleDefinition => InNamespace(used, domain) || Outermost(used).Name.StartsWith('<'), // '<': emitted by the compiler
        AssemblyNameReference assembly => BaseClassLibrary.Contains(assembly.Name) || assembly.Name == Contracts || libraries.Contains(assembly.Name),
        _ => false,
    };

    /// <summary>Whether <paramref name="type"/> (or the type it is nested in) is in <paramref name="ns"/> or below.</summary>
    private static bool InNamespace(TypeReference type, string ns) =>
        Outermost(type).Namespace is var name && (name == ns || name.StartsWith(ns + ".", StringComparison.Ordinal));

    private static TypeReference Outermost(TypeReference type) => type.DeclaringType is { } declaring ? Outermost(declaring) : type;

    private static string Describe(TypeReference used) => $"{used.FullName} ({used.Scope.Name})";

    /// <summary>Every type <paramref name="type"/> names, in its declaration and its code, as plain (non-generic-instance) types.</summary>
    private static IEnumerable<TypeReference> Used(TypeDefinition type)
    {
        var named = new List<TypeReference?> { type.BaseType };
        named.AddRange(type.Interfaces.Select(i => i.InterfaceType));
        named.AddRange(type.GenericParameters.SelectMany(p => p.Constraints).Select(c => c.ConstraintType));
        named.AddRange(Attributes(type));
        foreach (var field in type.Fields)
        {
            named.Add(field.FieldType);
            named.AddRange(Attributes(field));
        }
        foreach (var property in type.Properties)
        {
            named.Add(property.PropertyType);
            named.AddRange(Attributes(property));
        }
        foreach (var @event in type.Events)
        {
            named.Add(@event.EventType);
        }
        foreach (var method in type.Methods)
        {
            named.AddRange(Signature(method));
            named.AddRange(Attributes(method));
            named.AddRange(method.GenericParameters.SelectMany(p => p.Constraints).Select(c => c.ConstraintType));
            if (method.HasBody)
            {
                named.AddRange(method.Body.Variables.Select(v => v.VariableType));
                named.AddRange(method.Body.Instructions.SelectMany(Operand));
            }
        }
        return named.OfType<TypeReference>().SelectMany(Plain);
    }

    private static IEnumerable<TypeReference> Attributes(ICustomAttributeProvider provider) =>
        provider.CustomAttributes.SelectMany(a => Signature(a.Constructor).Concat(a.ConstructorArguments.Select(argument => argument.Type)));

    private static IEnumerable<TypeReference> Signature(MethodReference method) =>
        [method.DeclaringType, method.ReturnType, .. method.Parameters.Select(p => p.ParameterType),
            .. method is GenericInstanceMethod generic ? generic.GenericArguments : []];

    private static IEnumerable<TypeReference> Operand(Instruction instruction) => instruction.Operand switch
    {
        TypeReference type => [type],
        MethodReference method => Signature(method),
        FieldReference field => [field.DeclaringType, field.FieldType],
        _ => [],
    };

    /// <summary>The types inside a constructed one: <c>List&lt;Place[]&gt;</c> names <c>List`1</c> and <c>Place</c>.</summary>
    private static IEnumerable<TypeReference> Plain(TypeReference type) => type switch
    {
        GenericParameter => [],
        GenericInstanceType generic => Plain(generic.ElementType).Concat(generic.GenericArguments.SelectMany(Plain)),
        FunctionPointerType => [],
        TypeSpecification specification => Plain(specification.ElementType), // arrays, by-ref, pointers, modifiers
        _ => [type],
    };
}
