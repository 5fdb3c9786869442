using System.Text.Json;
using System.Text.Json.Serialization;

namespace EntryControl.Rules;

/// <summary>Risk level of a designated area (风险等级).</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<RiskLevel>))]
public enum RiskLevel
{
    /// <summary>低风险 low risk: changes nothing by itself.</summary>
    Low,

    /// <summary>中风险 medium risk.</summary>
    Medium,

    /// <summary>高风险 high risk.</summary>
    High,
}

/// <summary>
/// The measure a traveler is put under. The order is the severity, mildest first
/// (policies.md §1 "Severity order"); the engine compares measures by this order.
/// </summary>
[JsonConverter(typeof(CamelCaseEnumConverter<Measure>))]
public enum Measure
{
    /// <summary>自由有序流动 free movement.</summary>
    FreeMovement,

    /// <summary>闭环通行 closed-loop transit (sealed vehicle, point to point).</summary>
    ClosedLoopTransit,

    /// <summary>健康监测 self health monitoring.</summary>
    HealthMonitoring,

    /// <summary>3天2检 two tests within three days.</summary>
    ThreeDayTwoTests,

    /// <summary>居家健康监测 home health monitoring.</summary>
    HomeHealthMonitoring,

    /// <summary>居家隔离 home isolation.</summary>
    HomeIsolation,

    /// <summary>集中隔离 centralized quarantine.</summary>
    CentralizedQuarantine,

    /// <summary>就医排查 referral to a clinic (fever or a positive certificate).</summary>
    MedicalReferral,
}

/// <summary>Kind of a scheduled test; antibody sorts before nat on the same day.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<TestKind>))]
public enum TestKind
{
    /// <summary>血清抗体检测 serum antibody test.</summary>
    Antibody,

    /// <summary>核酸检测 nucleic-acid (PCR) test.</summary>
    Nat,
}

[JsonConverter(typeof(CamelCaseEnumConverter<Occupation>))]
public enum Occupation
{
    None,

    /// <summary>结束闭环作业的高风险岗位 coming off a closed-loop high-risk post.</summary>
    ClosedLoopHighRisk,
}

[JsonConverter(typeof(CamelCaseEnumConverter<TravelerType>))]
public enum TravelerType
{
    Person,

    /// <summary>货运司乘人员 freight driver or crew.</summary>
    FreightDriver,
}

[JsonConverter(typeof(CamelCaseEnumConverter<TestResult>))]
public enum TestResult
{
    Negative,
    Positive,
}

/// <summary>
/// Risk of a traveler: the highest level among the designations their stays touch
/// (policies.md §1), mildest first.
/// </summary>
[JsonConverter(typeof(CamelCaseEnumConverter<TravelerRisk>))]
public enum TravelerRisk
{
    None,

    /// <summary>高风险区所在县、市、区、旗的其他地区: elsewhere in a county with a high-risk area.</summary>
    CountyOfHigh,

    Medium,
    High,
}

/// <summary>The generic rule kinds a policy file is built from.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<RuleKind>))]
public enum RuleKind
{
    /// <summary>Entered mainland China from abroad: a centralized + home plan anchored at entry.</summary>
    Abroad,

    /// <summary>The traveler's risk (from the designations their stays touch) is one of the listed levels.</summary>
    RiskLevel,

    /// <summary>A stay in the window in a region whose code starts with one of the listed prefixes.</summary>
    RegionPrefix,

    /// <summary>A stay in the window outside the policy's city or province.</summary>
    StaysOutside,

    /// <summary>The traveler declares the listed occupation.</summary>
    Occupation,

    /// <summary>The traveler is a freight driver.</summary>
    Freight,

    /// <summary>Fires only when no other rule of the policy fired.</summary>
    Default,
}

/// <summary>An area relative to the policy's jurisdiction.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<RegionScope>))]
public enum RegionScope
{
    /// <summary>The city (prefecture): the first four digits of the jurisdiction.</summary>
    City,

    /// <summary>The province or autonomous region: the first two digits of the jurisdiction.</summary>
    Province,
}

/// <summary>
/// Writes and reads enums as camelCase strings ("homeIsolation"), the API's spelling. It is the
/// fallback for callers that register no enum converter of their own.
/// </summary>
public sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;
