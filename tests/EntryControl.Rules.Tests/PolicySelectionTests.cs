using EntryControl.Rules.Tests.Support;

using static EntryControl.Rules.Tests.Support.Build;

namespace EntryControl.Rules.Tests;

/// <summary>policies.md §1 "Policy selection": most specific jurisdiction in force on the arrival date.</summary>
public class PolicySelectionTests
{
    [Theory]
    [InlineData("152501", "2021-07-10", "erenhot-2021-63")]
    [InlineData("152501", "2021-07-07", "erenhot-2021-63")]
    [InlineData("152501", "2021-07-06", "nmg-2020-98")] // the city notice is not yet in force
    [InlineData("152502", "2021-07-10", "nmg-2020-98")] // another county of the league
    [InlineData("150702", "2021-09-13", "hulunbuir-2021-60")]
    [InlineData("150783", "2021-09-12", "nmg-2020-98")]
    [InlineData("150802", "2022-11-14", "bayannur-2022-71")]
    [InlineData("150821", "2022-11-13", "nmg-2020-98")]
    [InlineData("150102", "2020-07-06", "nmg-2020-98")]
    [InlineData("150102", "2020-07-05", null)] // before the first notice: no policy in force
    [InlineData("110101", "2022-11-20", null)] // outside Inner Mongolia
    public void Most_specific_jurisdiction_in_force_on_the_arrival_date_is_chosen(string destination, string date, string? expected) =>
        Assert.Equal(expected, Shipped.Catalog.Select(destination, Day(date))?.Id);

    [Fact]
    public void Shipped_policies_are_the_four_notices()
    {
        Assert.Equal(
            ["bayannur-2022-71", "erenhot-2021-63", "hulunbuir-2021-60", "nmg-2020-98"],
            Shipped.Catalog.Policies.Select(p => p.Id).Distinct());
        Assert.Same(PolicyCatalog.LoadEmbedded(), PolicyCatalog.LoadEmbedded());
        Assert.Null(Shipped.Catalog.Find("nmg-2020-99"));
    }

    [Fact]
    public void Versions_are_chosen_by_date_and_find_returns_the_newest()
    {
        PolicyCatalog catalog = PolicyCatalog.Load(
        [
            TestPolicies.Source("notice", version: 2, from: "2021-01-01"),
            TestPolicies.Source("notice", version: 1, from: "2020-01-01", to: "2020-12-31"),
        ]);

        Assert.Equal(1, catalog.Select("150102", Day("2020-12-31"))!.Version);
        Assert.Equal(2, catalog.Select("150102", Day("2021-01-01"))!.Version);
        Assert.Null(catalog.Select("150102", Day("2019-12-31")));
        Assert.Equal(2, catalog.Find("notice")!.Version);
        Assert.Equal(1, catalog.Find("notice", 1)!.Version);
    }

    [Fact]
    public void An_expired_policy_is_not_chosen_and_the_wider_one_takes_over()
    {
        PolicyCatalog catalog = PolicyCatalog.Load(
        [
            TestPolicies.Source("region", from: "2020-01-01"),
            TestPolicies.Source("city", jurisdiction: "150800", from: "2020-06-01", to: "2020-06-30"),
        ]);

        Assert.Equal("city", catalog.Select("150802", Day("2020-06-30"))!.Id);
        Assert.Equal("region", catalog.Select("150802", Day("2020-07-01"))!.Id);
    }

    [Fact]
    public void Two_notices_of_one_jurisdiction_in_force_together_resolve_to_the_later_one()
    {
        PolicyCatalog catalog = PolicyCatalog.Load(
        [
            TestPolicies.Source("older", jurisdiction: "150800", from: "2020-01-01"),
            TestPolicies.Source("newer", jurisdiction: "150800", from: "2020-03-01"),
        ]);

        Assert.Equal("older", catalog.Select("150802", Day("2020-02-28"))!.Id);
        Assert.Equal("newer", catalog.Select("150802", Day("2020-03-01"))!.Id);
    }
}
