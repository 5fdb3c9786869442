using Mono.Cecil;
using Mono.Cecil.Cil;

namespace EntryControl.Web.Tests.Architecture;

/// <summary>
/// Reads the compiled web assembly (signatures and method bodies, lambdas and async state machines included) and
/// checks that feature folders depend only "downwards": no feature reaches a feature that reaches back to it.
/// </summary>
public sealed class FeatureDependencyTests
{
    private const string FeaturePrefix = "EntryControl.Web.Features.";

    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> Graph = new(BuildGraph);

    [Fact]
    public void No_feature_depends_on_a_feature_that_depends_back_on_it()
    {
        var cycles = StronglyConnected(Graph.Value).Where(c => c.Count > 1).ToList();

        Assert.True(cycles.Count == 0, "Feature cycles:\n" + string.Join('\n', cycles.Select(cycle =>
            string.Join(", ", cycle) + ":\n  " + string.Join("\n  ",
                from source in cycle
                from edge in Graph.Value[source]
                where cycle.Contains(edge.Key)
                select $"{source} -> {edge.Key} (e.g. {edge.Value})"))));
    }

    [Fact]
    public void Features_do_not_depend_on_pages()
    {
        var module = ModuleDefinition.ReadModule(typeof(Program).Assembly.Location);
        var offenders = AllTypes(module)
            .Where(t => t.Namespace.StartsWith(FeaturePrefix, StringComparison.Ordinal) || Outer(t).Namespace.StartsWith(FeaturePrefix, StringComparison.Ordinal))
            .SelectMany(t => References(t).Select(r => (From: t.FullName, To: r)))
            .Where(p => p.To.Namespace.StartsWith("EntryControl.Web.Pages", StringComparison.Ordinal))
            .Select(p => $"{p.From} -> {p.To.Name}")
            .Distinct()
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void The_dependency_reader_sees_references_inside_method_bodies()
    {
        // A guard against a reader that sees nothing: scans record decisions through the declarations feature.
        Assert.Contains("Declarations", Graph.Value["Scans"].Keys);
    }

    private static Dictionary<string, IReadOnlyDictionary<string, string>> BuildGraph()
    {
        var module = ModuleDefinition.ReadModule(typeof(Program).Assembly.Location);
        var graph = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in AllTypes(module))
        {
            var from = Feature(Outer(type).Namespace);
            if (from is null)
            {
                continue;
            }

            var edges = graph.TryGetValue(from, out var found) ? found : graph[from] = new(StringComparer.Ordinal);
            foreach (var reference in References(type))
            {
                if (Feature(reference.Namespace) is { } to && to != from)
                {
                    edges.TryAdd(to, $"{type.FullName} uses {reference.Name}");
                }
            }
        }

        return graph.ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, string>)g.Value, StringComparer.Ordinal);
    }

    /// <summary>The feature folder a namespace belongs to (<c>EntryControl.Web.Features.Scans</c> → <c>Scans</c>).</summary>
    private static string? Feature(string ns)
    {
        if (!ns.StartsWith(FeaturePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = ns[FeaturePrefix.Length..];
        var end = rest.IndexOf('.', StringComparison.Ordinal);
        return end < 0 ? rest : rest[..end];
    }

    private static TypeDefinition Outer(TypeDefinition type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static IEnumerable<TypeDefinition> AllTypes(ModuleDefinition module)
    {
        var stack = new Stack<TypeDefinition>(module.Types);
        while (stack.Count > 0)
        {
            var type = stack.Pop();
            yield return type;
            foreach (var nested in type.NestedTypes)
            {
                stack.Push(nested);
            }
        }
    }

    /// <summary>Every type a type names: base, interfaces, fields, properties, signatures, attributes and method bodies.</summary>
    private static HashSet<(string Namespace, string Name)> References(TypeDefinition type)
    {
        var names = new HashSet<(string Namespace, string Name)>();
        void Add(TypeReference? reference)
        {
            while (reference is not null)
            {
                if (reference is GenericInstanceType generic)
                {
                    foreach (var argument in generic.GenericArguments)
                    {
                        Add(argument);
                    }
                }

                if (reference is TypeSpecification specification)
                {
                    reference = specification.ElementType;
                    continue;
                }

                var outer = Outermost(reference);
                names.Add((outer.Namespace, reference.FullName));
                return;
            }
        }

        void AddMethod(MethodReference method)
        {
            Add(method.DeclaringType);
            Add(method.ReturnType);
            foreach (var parameter in method.Parameters)
            {
                Add(parameter.ParameterType);
            }

            if (method is GenericInstanceMethod generic)
            {
                foreach (var argument in generic.GenericArguments)
                {
                    Add(argument);
                }
            }
        }

        Add(type.BaseType);
        foreach (var implemented in type.Interfaces)
        {
            Add(implemented.InterfaceType);
        }

        foreach (var attribute in type.CustomAttributes)
        {
            Add(attribute.AttributeType);
        }

        foreach (var field in type.Fields)
        {
            Add(field.FieldType);
        }

        foreach (var property in type.Properties)
        {
            Add(property.PropertyType);
        }

        foreach (var method in type.Methods)
        {
            AddMethod(method);
            if (!method.HasBody)
            {
                continue;
            }

            foreach (var variable in method.Body.Variables)
            {
                Add(variable.VariableType);
            }

            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference reference:
                        Add(reference);
                        break;
                    case MethodReference called:
                        AddMethod(called);
                        break;
                    case FieldReference field:
                        Add(field.DeclaringType);
                        Add(field.FieldType);
                        break;
                    case Instruction or Instruction[] or VariableDefinition or ParameterDefinition or string or null:
                        break;
                }
            }
        }

        return names;
    }

    private static TypeReference Outermost(TypeReference reference)
    {
        while (reference.DeclaringType is not null)
        {
            reference = reference.DeclaringType;
        }

        return reference;
    }

    /// <summary>Tarjan's strongly connected components: each component of more than one feature is a cycle.</summary>
    private static List<List<string>> StronglyConnected(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> graph)
    {
        var index = 0;
        var indices = new Dictionary<string, int>(StringComparer.Ordinal);
        var lowLinks = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var components = new List<List<string>>();

        void Visit(string node)
        {
            indices[node] = lowLinks[node] = index++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in graph.TryGetValue(node, out var edges) ? edges.Keys : [])
            {
                if (!indices.ContainsKey(next))
                {
                    Visit(next);
                    lowLinks[node] = Math.Min(lowLinks[node], lowLinks[next]);
                }
                else if (onStack.Contains(next) && indices.TryGetValue(next, out var nextIndex))
                {
                    lowLinks[node] = Math.Min(lowLinks[node], nextIndex);
                }
            }

            if (lowLinks[node] == indices[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                components.Add(component.Order(StringComparer.Ordinal).ToList());
            }
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (!indices.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return components;
    }
}
