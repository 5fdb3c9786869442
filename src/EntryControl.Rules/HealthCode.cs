using System.Text.Json.Serialization;

namespace EntryControl.Rules;

/// <summary>
/// 健康码 the colour of a traveler's health code: shown at the checkpoint (seed 001 八), and given (赋码) by the health-code
/// platform from the measure a traveler is under.
/// </summary>
[JsonConverter(typeof(CamelCaseEnumConverter<HealthCode>))]
public enum HealthCode
{
    /// <summary>绿码 no restriction.</summary>
    Green,

    /// <summary>黄码 under health monitoring or owing tests.</summary>
    Yellow,

    /// <summary>红码 under isolation or quarantine (or a case or close contact).</summary>
    Red,
}
