using System.Globalization;

namespace EntryControl.Rules;

/// <summary>
/// Writes the plain zh-CN and English explanation of a rule from its data, so a new policy file
/// explains itself. Texts depend only on the rule and a few facts (certificate, refusal, home
/// isolation feasibility), so each variant is built once and reused.
/// </summary>
internal sealed class RuleExplainer
{
    public const int WithoutCertificate = 1;
    public const int Refused = 2;
    public const int HomeNotFeasible = 4;
    public const int LandingForStayOutside = 8;

    private static readonly ReferralReason[] Referrals =
    [
        new(true, false, "体温达到或超过37.3℃（测温异常）：转送医疗机构排查。", "Temperature of 37.3 °C or more: referred to a clinic."),
        new(false, true, "核酸检测结果阳性：转送医疗机构。", "Positive nucleic-acid test: referred to a clinic."),
        new(true, true, "体温达到或超过37.3℃且核酸检测结果阳性：转送医疗机构。", "Temperature of 37.3 °C or more and a positive nucleic-acid test: referred to a clinic."),
    ];

    private readonly Explanation?[] _variants = new Explanation?[16];
    private readonly PolicyDraft _policy;
    private readonly PolicyRule _rule;
    private readonly string _clause;
    private readonly string _clauseText;

    public RuleExplainer(PolicyDraft policy, PolicyRule rule, PolicyDraft owner)
    {
        _policy = policy;
        _rule = rule;
        string[] numbers = [.. rule.Clauses.OrderBy(ChineseNumerals.Parse)];
        _clause = string.Join("、", numbers);
        _clauseText = string.Join("\n", numbers.Select(n => $"{n}、{owner.Clauses.First(c => c.Number == n).Text}"));
    }

    public static ReferralReason Referral(bool fever, bool positive) => Referrals[(fever ? 0 : 1) + (fever && positive ? 2 : 0)];

    public Explanation Explain(int variant) => _variants[variant] ??= Build(variant);

    /// <summary>
    /// The explanation of a fired rule; where its plan runs until some days after leaving the risk area, with the day
    /// the traveler left and the day the period ends (the traveler cannot work those out from "满7天" alone).
    /// </summary>
    public Explanation Explain(int variant, DateOnly? left, DateOnly? end)
    {
        Explanation explanation = Explain(variant);
        if (left is not { } l || end is not { } e || !CountsFromLeaving(variant))
        {
            return explanation;
        }

        return explanation with
        {
            ZhCn = string.Create(CultureInfo.InvariantCulture, $"{explanation.ZhCn}期限自离开风险区域之日（{l:yyyy-MM-dd}）起算，至{e:yyyy-MM-dd}止。"),
            En = string.Create(CultureInfo.InvariantCulture, $"{explanation.En} The period is counted from leaving the area on {l:yyyy-MM-dd}, until {e:yyyy-MM-dd}."),
        };
    }

    private bool CountsFromLeaving(int variant)
    {
        IReadOnlyList<PhaseTemplate> phases = (variant & WithoutCertificate) != 0 && _rule.WithoutCertificate?.Phases is { } alternative ? alternative : _rule.Phases;
        return phases.Any(p => p.UntilDaysAfterLeaving is not null);
    }

    private Explanation Build(int variant)
    {
        bool withoutCertificate = (variant & WithoutCertificate) != 0;
        IReadOnlyList<PhaseTemplate> phases = withoutCertificate && _rule.WithoutCertificate?.Phases is { } alternative ? alternative : _rule.Phases;
        var zh = new List<string>();
        var en = new List<string>();
        AddPlan(phases, zh, en);
        if (_rule.LandingTest || (withoutCertificate && _rule.WithoutCertificate?.LandingTest == true) || (variant & LandingForStayOutside) != 0)
        {
            bool outside = (variant & LandingForStayOutside) != 0;
            string costZh = _rule.LandingTestSelfPaid ? "（费用自理）" : string.Empty;
            string costEn = _rule.LandingTestSelfPaid ? ", at the traveler's own cost" : string.Empty;
            zh.Add(outside ? $"有{Scope(_rule.LandingTestIfStayOutside!.Value).Zh}旅居史，需做落地核酸检测{costZh}" : $"需做落地核酸检测{costZh}");
            en.Add(outside ? $"a landing test at the checkpoint{costEn} (a stay outside the {Scope(_rule.LandingTestIfStayOutside!.Value).En})" : $"a landing test at the checkpoint{costEn}");
        }

        if ((variant & Refused) != 0)
        {
            // "核查报备或接收证明": a receipt certificate counts as registered, so its absence is part of the reason.
            zh.Add("未按要求提前报备，也未持接收证明，不得进入");
            en.Add("not registered in advance and no receipt certificate, so entry is refused");
        }

        if ((variant & HomeNotFeasible) != 0)
        {
            zh.Add("不具备居家隔离条件，居家隔离改为集中隔离");
            en.Add("home isolation is not possible, so it becomes centralized quarantine");
        }

        (string conditionZh, string conditionEn) = Condition();
        if (_rule.CertificateHours is { } hours)
        {
            conditionZh += withoutCertificate ? $"，无{hours}小时内核酸检测阴性证明" : $"，持{hours}小时内核酸检测阴性证明";
            conditionEn += withoutCertificate
                ? $", without a negative nucleic-acid test certificate from the last {hours} hours"
                : $", with a negative nucleic-acid test certificate from the last {hours} hours";
        }

        string textZh = zh.Count == 0 ? $"{conditionZh}。" : $"{conditionZh}：{string.Join("；", zh)}。";
        string textEn = en.Count == 0 ? $"{conditionEn}." : $"{conditionEn}: {string.Join("; ", en)}.";
        LocalizedText[] readings = [.. new[] { UsesWindow ? _policy.WindowReading : null, _rule.Reading }.OfType<LocalizedText>()];
        return new Explanation(_clause, _clauseText, textZh, textEn)
        {
            ReadingZhCn = readings.Length == 0 ? null : "解读：" + string.Join("；", readings.Select(r => r.Zh.TrimEnd('。'))) + "。",
            ReadingEn = readings.Length == 0 ? null : "Our reading: " + string.Join("; ", readings.Select(r => r.En.TrimEnd('.'))) + ".",
        };
    }

    /// <summary>Whether the rule looks at stays in the look-back window (so the window's reading concerns it).</summary>
    private bool UsesWindow => _rule.Kind is RuleKind.RiskLevel or RuleKind.RegionPrefix or RuleKind.StaysOutside;

    private (string Zh, string En) Condition()
    {
        (string windowZh, string windowEn) = Window(_policy.LookBack);
        switch (_rule.Kind)
        {
            case RuleKind.Abroad:
                return ("从境外入境", "Entered mainland China from abroad");
            case RuleKind.RiskLevel:
                IEnumerable<TravelerRisk> levels = (_rule.Levels ?? []).OrderByDescending(l => l);
                string zh = $"{windowZh}有{string.Join("或", levels.Select(LevelZh))}旅居史";
                string en = $"Stayed in {string.Join(" or ", levels.Select(LevelEn))} {windowEn}";
                if (_policy.MediumRiskAsHigh && _rule.Levels!.Contains(TravelerRisk.High))
                {
                    zh += "（中风险区按高风险区对待）";
                    en += " (a medium-risk area counts as high-risk)";
                }

                if (_rule.MaxDaysSinceLeaving is { } days)
                {
                    zh += $"，离开当地不超过{days}天";
                    en += $", having left it at most {days} days ago";
                }

                return (zh, en);
            case RuleKind.RegionPrefix when _rule.PrefixNames is { Count: > 0 } names:
                // The places as the notice names them (seed 001 四: 新疆、西藏、甘肃省兰州市…), not region codes.
                return ($"{windowZh}有重点地区（{string.Join("、", names.Select(n => n.Zh))}）旅居史", $"Stayed in a key region ({string.Join(", ", names.Select(n => n.En))}) {windowEn}");
            case RuleKind.RegionPrefix:
                string prefixes = string.Join("、", _rule.Prefixes ?? []);
                return ($"{windowZh}有重点地区（区划代码{prefixes}开头）旅居史", $"Stayed in a key region (region codes starting {string.Join(", ", _rule.Prefixes ?? [])}) {windowEn}");
            case RuleKind.StaysOutside:
                (string scopeZh, string scopeEn) = Scope(_rule.Outside!.Value);
                return ($"{windowZh}有{scopeZh}旅居史", $"Stayed outside the {scopeEn} {windowEn}");
            case RuleKind.Occupation:
                return ("结束闭环作业的高风险岗位从业人员", "Coming off a closed-loop high-risk post");
            case RuleKind.Freight:
                return ("货运物流司乘人员", "Freight driver or crew");
            case RuleKind.Default:
            default:
                return ("未涉及本通知其他条款的情形", "None of the notice's other clauses applies");
        }
    }

    private void AddPlan(IReadOnlyList<PhaseTemplate> phases, List<string> zh, List<string> en)
    {
        if (_rule.Kind == RuleKind.Abroad)
        {
            PhaseTemplate c = _rule.Centralized!;
            PhaseTemplate h = _rule.Home!;
            zh.Add($"{PhaseZh(c)}，再{PhaseZh(h)}，已在第一入境点完成的集中隔离天数计入");
            en.Add($"{PhaseEn(c)}, then {PhaseEn(h)}, counting the quarantine days already done at the port of entry");
        }
        else if (phases.Count > 0)
        {
            zh.Add(string.Join("，之后", phases.Select(PhaseZh)));
            en.Add(string.Join(", then ", phases.Select(PhaseEn)));
        }
        else if (_rule.Measure == Measure.ClosedLoopTransit)
        {
            zh.Add("闭环通行，点对点运输，全程不下车、不接触");
            en.Add("closed-loop transit: sealed, point to point, no stops or contact");
        }
        else if (_rule.Measure is { } measure)
        {
            zh.Add(MeasureZh(measure));
            en.Add(MeasureEn(measure));
        }
        else if (_rule.Kind == RuleKind.Default)
        {
            zh.Add("可自由有序流动");
            en.Add("free movement");
        }
    }

    private static string PhaseZh(PhaseTemplate phase)
    {
        string head = phase switch
        {
            { UntilDaysAfterLeaving: { } until } => $"{MeasureZh(phase.Measure)}至离开当地满{until}天",
            { Measure: Measure.ThreeDayTwoTests } => MeasureZh(phase.Measure),
            _ => $"{MeasureZh(phase.Measure)}{phase.Days}天",
        };
        var tests = new List<string>();
        if (phase.NatDaysAfterLeaving.Count > 0)
        {
            tests.Add($"离开后第{Days(phase.NatDaysAfterLeaving, "、")}天核酸检测");
        }

        if (phase.NatDays.Count > 0)
        {
            tests.Add(phase.UntilDaysAfterLeaving is null ? $"第{Days(phase.NatDays, "、")}天核酸检测" : $"抵达后第{Days(phase.NatDays, "、")}天核酸检测");
        }

        if (phase.AntibodyDays.Count > 0)
        {
            tests.Add($"第{Days(phase.AntibodyDays, "、")}天血清抗体检测");
        }

        return tests.Count == 0 ? head : $"{head}（{string.Join("，", tests)}）";
    }

    private static string PhaseEn(PhaseTemplate phase)
    {
        string head = phase switch
        {
            { UntilDaysAfterLeaving: { } until } => $"{MeasureEn(phase.Measure)} until {until} days after leaving",
            { Measure: Measure.ThreeDayTwoTests } => MeasureEn(phase.Measure),
            { Days: 1 } => $"1 day of {MeasureEn(phase.Measure)}",
            _ => $"{phase.Days} days of {MeasureEn(phase.Measure)}",
        };
        var tests = new List<string>();
        if (phase.NatDaysAfterLeaving.Count > 0)
        {
            tests.Add($"a nucleic-acid test on {DaysEn(phase.NatDaysAfterLeaving)} after leaving");
        }

        if (phase.NatDays.Count > 0)
        {
            tests.Add(phase.UntilDaysAfterLeaving is null ? $"a nucleic-acid test on {DaysEn(phase.NatDays)}" : $"a nucleic-acid test on {DaysEn(phase.NatDays)} after arrival");
        }

        if (phase.AntibodyDays.Count > 0)
        {
            tests.Add($"an antibody test on {DaysEn(phase.AntibodyDays)}");
        }

        return tests.Count == 0 ? head : $"{head} ({string.Join("; ", tests)})";
    }

    private static string Days(IEnumerable<int> days, string separator) =>
        string.Join(separator, days.Order().Select(d => d.ToString(CultureInfo.InvariantCulture)));

    private static string DaysEn(IReadOnlyList<int> days)
    {
        string[] list = [.. days.Order().Select(d => d.ToString(CultureInfo.InvariantCulture))];
        return list.Length == 1 ? $"day {list[0]}" : $"days {string.Join(", ", list[..^1])} and {list[^1]}";
    }

    private static (string Zh, string En) Window(LookBack lookBack) => lookBack.Since is { } since
        ? (string.Create(CultureInfo.InvariantCulture, $"{since.Year}年{since.Month}月{since.Day}日以来"), string.Create(CultureInfo.InvariantCulture, $"since {since:yyyy-MM-dd}"))
        : ($"{lookBack.Days}天内", $"in the last {lookBack.Days} days");

    private static (string Zh, string En) Scope(RegionScope scope) => scope == RegionScope.City
        ? ("市外", "city")
        : ("省（自治区）外", "province or autonomous region");

    private static string LevelZh(TravelerRisk level) => level switch
    {
        TravelerRisk.High => "高风险区",
        TravelerRisk.Medium => "中风险区",
        _ => "高风险区所在县（市、区、旗）的其他地区",
    };

    private static string LevelEn(TravelerRisk level) => level switch
    {
        TravelerRisk.High => "a high-risk area",
        TravelerRisk.Medium => "a medium-risk area",
        _ => "another part of a county that has a high-risk area",
    };

    private static string MeasureZh(Measure measure) => measure switch
    {
        Measure.FreeMovement => "自由有序流动",
        Measure.ClosedLoopTransit => "闭环通行",
        Measure.HealthMonitoring => "健康监测",
        Measure.ThreeDayTwoTests => "3天2检",
        Measure.HomeHealthMonitoring => "居家健康监测",
        Measure.HomeIsolation => "居家隔离",
        Measure.CentralizedQuarantine => "集中隔离",
        _ => "就医排查",
    };

    private static string MeasureEn(Measure measure) => measure switch
    {
        Measure.FreeMovement => "free movement",
        Measure.ClosedLoopTransit => "closed-loop transit",
        Measure.HealthMonitoring => "health monitoring",
        Measure.ThreeDayTwoTests => "two tests in three days",
        Measure.HomeHealthMonitoring => "home health monitoring",
        Measure.HomeIsolation => "home isolation",
        Measure.CentralizedQuarantine => "centralized quarantine",
        _ => "medical referral",
    };
}
