using System.Globalization;

namespace EntryControl.Rules;

/// <summary>The text of one policy file and a name to report problems under (usually the file name).</summary>
public sealed record PolicySource(string Name, string Json);

/// <summary>Policy files were refused; <see cref="Problems"/> lists every problem found, not just the first.</summary>
public sealed class PolicyLoadException : Exception
{
    public PolicyLoadException()
        : this([])
    {
    }

    public PolicyLoadException(string message)
        : base(message)
    {
        Problems = [message];
    }

    public PolicyLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public PolicyLoadException(IReadOnlyList<string> problems)
        : base($"The policy files were refused ({problems.Count} problem(s)):{Environment.NewLine}{string.Join(Environment.NewLine, problems)}")
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }
}

/// <summary>
/// Every version of every policy, checked and compiled. Immutable and thread-safe: load it once at
/// start-up and share it.
/// </summary>
public sealed class PolicyCatalog
{
    private const string ResourcePrefix = "EntryControl.Rules.Policies.";

    private static readonly Lazy<PolicyCatalog> Embedded = new(() => Load(EmbeddedSources()));

    private readonly Policy[] _policies;

    private PolicyCatalog(Policy[] policies)
    {
        _policies = policies;
    }

    /// <summary>All versions, ordered by id, then version.</summary>
    public IReadOnlyList<Policy> Policies => _policies;

    /// <summary>The policy files shipped in this assembly (loaded once).</summary>
    public static PolicyCatalog LoadEmbedded() => Embedded.Value;

    /// <summary>The shipped policy files as sources, e.g. to load them together with others.</summary>
    public static IReadOnlyList<PolicySource> EmbeddedSources()
    {
        var assembly = typeof(PolicyCatalog).Assembly;
        var sources = new List<PolicySource>();
        foreach (string name in assembly.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !name.EndsWith(".json", StringComparison.Ordinal))
            {
                continue;
            }

            using Stream stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            sources.Add(new PolicySource(name[ResourcePrefix.Length..], reader.ReadToEnd()));
        }

        return sources;
    }

    /// <summary>Reads, checks and compiles policy files; throws <see cref="PolicyLoadException"/> listing every problem.</summary>
    public static PolicyCatalog Load(IEnumerable<PolicySource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var problems = new ProblemList();
        var drafts = new List<PolicyDraft>();
        foreach (PolicySource source in sources)
        {
            if (PolicyFile.Read(source, problems) is { } draft)
            {
                drafts.Add(draft);
            }
        }

        CheckVersions(drafts, problems);
        CheckParents(drafts, problems);
        if (problems.Count > 0)
        {
            throw new PolicyLoadException(problems.Items);
        }

        // Inherited groups come from the parent's published versions; a superseded one is no one's parent any more.
        var byId = drafts.GroupBy(d => d.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Where(d => !d.Superseded).OrderBy(d => d.EffectiveFrom).ToArray(), StringComparer.Ordinal);
        Policy[] policies = [.. drafts
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ThenBy(d => d.Version)
            .Select(d => new Policy(d, Segments(d, byId)))];
        return new PolicyCatalog(policies);
    }

    /// <summary>The newest version of a policy that is not superseded, or null.</summary>
    public Policy? Find(string id)
    {
        Policy? newest = null;
        foreach (Policy policy in _policies)
        {
            if (policy.Id == id && !policy.Superseded && (newest is null || policy.Version > newest.Version))
            {
                newest = policy;
            }
        }

        return newest;
    }

    /// <summary>One version of a policy, or null.</summary>
    public Policy? Find(string id, int version) => Array.Find(_policies, p => p.Id == id && p.Version == version);

    /// <summary>
    /// The policy deciding an arrival: among the versions whose jurisdiction covers the destination
    /// and which are in force on the arrival date, the most specific jurisdiction; null when none
    /// (the caller answers "no policy in force", never a guess). Two different notices of the same
    /// jurisdiction in force together: the one that took effect later wins. Superseded versions are never chosen.
    /// </summary>
    public Policy? Select(string destination, DateOnly arrivalDate)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Policy? chosen = null;
        int chosenLength = 0;
        foreach (Policy policy in _policies)
        {
            if (policy.Superseded || !policy.IsInForceOn(arrivalDate) || !policy.Covers(destination))
            {
                continue;
            }

            int length = policy.JurisdictionPrefix.Length;
            if (chosen is null || length > chosenLength || (length == chosenLength && policy.EffectiveFrom > chosen.EffectiveFrom))
            {
                chosen = policy;
                chosenLength = length;
            }
        }

        return chosen;
    }

    private static void CheckVersions(List<PolicyDraft> drafts, ProblemList problems)
    {
        foreach (IGrouping<string, PolicyDraft> versions in drafts.GroupBy(d => d.Id, StringComparer.Ordinal))
        {
            PolicyDraft[] list = [.. versions.OrderBy(d => d.Version)];
            foreach (PolicyDraft superseded in list.Where(d => d.Superseded && !list.Any(n => n.Version > d.Version && !n.Superseded)))
            {
                problems.Add(superseded.Source, "status", $"{superseded.Id} version {superseded.Version} is superseded, but no later version of it is published");
            }

            for (int i = 0; i < list.Length; i++)
            {
                for (int j = i + 1; j < list.Length; j++)
                {
                    PolicyDraft a = list[i];
                    PolicyDraft b = list[j];
                    if (a.Version == b.Version)
                    {
                        problems.Add(b.Source, "version", $"{b.Id} version {b.Version} is also defined in {a.Source}");
                    }
                    else if (!a.Superseded && !b.Superseded && a.EffectiveFrom.DayNumber <= b.EffectiveToDay && b.EffectiveFrom.DayNumber <= a.EffectiveToDay)
                    {
                        DateOnly firstShared = a.EffectiveFrom > b.EffectiveFrom ? a.EffectiveFrom : b.EffectiveFrom;
                        problems.Add(b.Source, "effectiveFrom", string.Create(CultureInfo.InvariantCulture,
                            $"{b.Id} versions {a.Version} ({a.Source}) and {b.Version} are both in force on {firstShared:yyyy-MM-dd}; give the older one an effectiveTo before the newer one starts"));
                    }
                }
            }
        }
    }

    private static void CheckParents(List<PolicyDraft> drafts, ProblemList problems)
    {
        var byId = drafts.GroupBy(d => d.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (PolicyDraft draft in drafts)
        {
            if (draft.Parent is not { } parentId)
            {
                continue;
            }

            if (!byId.TryGetValue(parentId, out List<PolicyDraft>? parents))
            {
                problems.Add(draft.Source, "parent", $"extends '{parentId}', which is not among the policies loaded (or its file was refused)");
                continue;
            }

            foreach (PolicyDraft parent in parents.Where(p => !Jurisdictions.Covers(p.Jurisdiction, draft.Jurisdiction)))
            {
                problems.Add(draft.Source, "parent", $"jurisdiction {draft.Jurisdiction} lies outside its parent's ({parent.Id} v{parent.Version}: {parent.Jurisdiction})");
            }

            // A cycle would make inheritance endless: follow parents by id and stop at a repeat.
            var seen = new HashSet<string>(StringComparer.Ordinal) { draft.Id };
            var frontier = new Queue<string>([parentId]);
            while (frontier.TryDequeue(out string? id))
            {
                if (!seen.Add(id))
                {
                    if (id == draft.Id)
                    {
                        problems.Add(draft.Source, "parent", $"{draft.Id} extends itself through its parents");
                    }

                    continue;
                }

                foreach (string next in byId.GetValueOrDefault(id, []).Select(p => p.Parent).OfType<string>())
                {
                    frontier.Enqueue(next);
                }
            }
        }
    }

    /// <summary>
    /// The compiled rule sets of a policy over time. Inherited groups come from the parent version
    /// in force on the arrival date (or, when none is, the latest that started before it, else the
    /// first), so the rule set can change where a parent version starts.
    /// </summary>
    private static CompiledSegment[] Segments(PolicyDraft policy, Dictionary<string, PolicyDraft[]> byId)
    {
        var days = new SortedSet<int> { policy.EffectiveFrom.DayNumber };
        var ancestors = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        if (policy.Parent is { } first)
        {
            pending.Push(first);
        }

        while (pending.TryPop(out string? id))
        {
            if (!ancestors.Add(id))
            {
                continue;
            }

            foreach (PolicyDraft version in byId[id])
            {
                days.Add(version.EffectiveFrom.DayNumber);
                if (version.Parent is { } next)
                {
                    pending.Push(next);
                }
            }
        }

        var segments = new List<CompiledSegment>();
        string? previousChain = null;
        foreach (int day in days)
        {
            var rules = new List<(PolicyRule, PolicyDraft, int)>();
            string chain = Resolve(policy, day, byId, rules, new HashSet<string>(StringComparer.Ordinal), 0);
            if (chain == previousChain)
            {
                continue;
            }

            segments.Add(new CompiledSegment(segments.Count == 0 ? int.MinValue : day, PolicyCompiler.Compile(policy, rules)));
            previousChain = chain;
        }

        return [.. segments];
    }

    /// <summary>Adds the policy's rules and the inherited groups it lacks; returns the chain of versions used.</summary>
    private static string Resolve(PolicyDraft policy, int day, Dictionary<string, PolicyDraft[]> byId, List<(PolicyRule, PolicyDraft, int)> rules, HashSet<string> groupsTaken, int depth)
    {
        var own = new HashSet<string>(StringComparer.Ordinal);
        foreach (PolicyRule rule in policy.Rules)
        {
            if (!groupsTaken.Contains(rule.Group))
            {
                rules.Add((rule, policy, depth));
                own.Add(rule.Group);
            }
        }

        groupsTaken.UnionWith(own);
        string chain = $"{policy.Id}@{policy.Version}";
        if (policy.Parent is not { } parentId)
        {
            return chain;
        }

        PolicyDraft[] versions = byId[parentId];
        PolicyDraft parent = versions.LastOrDefault(v => v.EffectiveFrom.DayNumber <= day) ?? versions[0];
        return $"{chain}>{Resolve(parent, day, byId, rules, groupsTaken, depth + 1)}";
    }
}
