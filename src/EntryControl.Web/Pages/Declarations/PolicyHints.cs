using System.Globalization;
using EntryControl.Rules;
using EntryControl.Web.Features.Regions;
using EntryControl.Web.Infrastructure;
using EntryControl.Web.Infrastructure.Localization;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Pages.Declarations;

/// <summary>
/// What the declaration wizard tells a traveler from the policy of their destination before they submit: the advance
/// registration rule (报备, e.g. Bayannur clause 七) and the travel-history look-back window.
/// </summary>
public static class PolicyHints
{
    /// <summary>
    /// "巴彦淖尔市要求提前3天报备（巴防指通告〔2022〕71号 七）", or null when the policy asks for no advance period.
    /// The clause is the one whose text asks to register (报备) ahead.
    /// </summary>
    public static string? AdvanceRule(Policy policy, RegionCatalog regions, IStringLocalizer t)
    {
        if (policy.AdvanceRegistrationDays is not { } days)
        {
            return null;
        }

        var clause = policy.Clauses.FirstOrDefault(c => c.Text.Contains("报备", StringComparison.Ordinal) && c.Text.Contains("提前", StringComparison.Ordinal));
        var source = clause is null ? policy.Title : $"{policy.Title} {clause.Number}";
        var place = regions.Find(policy.Jurisdiction)?.Name ?? policy.Jurisdiction;
        return t["Declare.AdvanceRule", place, days, source];
    }

    /// <summary>
    /// The sentence shown when <paramref name="arrivalAt"/> is closer to <paramref name="now"/> than the advance
    /// period (or already past): the registration will be recorded late. Null when it is on time or there is no rule.
    /// </summary>
    public static string? LateWarning(Policy policy, DateTimeOffset arrivalAt, DateTimeOffset now, RegionCatalog regions, IStringLocalizer t) =>
        policy.AdvanceRegistrationDays is { } days && arrivalAt - now < TimeSpan.FromDays(days)
            ? $"{AdvanceRule(policy, regions, t)}{t["Declare.LateWarning", days]}"
            : null;

    /// <summary>The stays hint for a policy's look-back: "自2021年8月27日以来" or "近7天"; the generic hint when unknown.</summary>
    public static string StaysHint(LookBack? lookBack, Language language, IStringLocalizer t) => lookBack switch
    {
        { Since: { } since } => t["Trip.StaysHintSince", language == Language.English
            ? since.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)
            : since.ToString("yyyy年M月d日", CultureInfo.InvariantCulture)],
        { Days: { } days } => t["Trip.StaysHintDays", days],
        _ => t["Trip.StaysHint"],
    };

    /// <summary>The policy in force at a county on the day of a form's China-time arrival (or today when it has none).</summary>
    public static Policy? PolicyFor(PolicyCatalog policies, string? county, string? arrivalInstant, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(county))
        {
            return null;
        }

        var day = IsoDates.TryParseInstant(arrivalInstant, out var arrival) ? ChinaTime.LocalDate(arrival) : ChinaTime.LocalDate(now);
        return policies.Select(county, day);
    }
}
