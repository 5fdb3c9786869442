using EntryControl.E2E.Tests.Infrastructure;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EntryControl.E2E.Tests.Admin;

/// <summary>
/// The admin forms' county picker: province → city → county fills the form's county code, so a risk area, a
/// community and a checkpoint can be added through the forms alone; changing the province of a community being
/// edited clears its city and county.
/// </summary>
public sealed class RegionPickerTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static async Task PickAsync(ILocator form, string province, string city, string county)
    {
        await form.GetByRole(AriaRole.Combobox, new() { Name = "省份", Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = province });
        await form.GetByRole(AriaRole.Combobox, new() { Name = "城市", Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = city });
        await form.GetByRole(AriaRole.Combobox, new() { Name = "区县", Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = county });
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Page.SetViewportSizeAsync(1280, 900);
        await SignInAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);
    }

    [Fact]
    public async Task The_admin_adds_a_risk_area_choosing_province_city_and_county()
    {
        await Page.GotoAsync("/Admin/RiskAreas");
        var form = Page.Locator("form").Filter(new() { Has = Page.GetByTestId("preview") });
        await PickAsync(form, "陕西省", "西安市", "雁塔区");
        await Expect(Page.Locator("#Add_Region")).ToHaveValueAsync("610113");
        await Page.Locator("#Add_Area").FillAsync("电子城街道");
        await Page.Locator("#Add_Level").SelectOptionAsync("medium");
        await Page.Locator("#Add_From").FillAsync("2022-11-15");
        await Page.GetByTestId("preview").ClickAsync();
        await Page.GetByTestId("confirm").ClickAsync();
        await Expect(Page.GetByTestId("message")).ToBeVisibleAsync();

        var stored = await App.WithDbAsync(db => db.RiskAreas.SingleAsync());
        Assert.Equal(("610113", "电子城街道"), (stored.Region, stored.Area));
    }

    [Fact]
    public async Task The_admin_adds_a_community_choosing_province_city_and_county()
    {
        await Page.GotoAsync("/Admin/Communities");
        var form = Page.GetByTestId("add-form");
        await Page.Locator("#Add_Code").FillAsync("150802001009");
        await Page.Locator("#Add_Name").FillAsync("团结社区");
        await PickAsync(form, "内蒙古自治区", "巴彦淖尔市", "临河区");
        await ScreenshotAsync("community-picked");
        await form.GetByRole(AriaRole.Button).ClickAsync();

        await Expect(Page.GetByTestId("message")).ToContainTextAsync("团结社区");
        var stored = await App.WithDbAsync(db => db.Communities.SingleAsync(c => c.Code == "150802001009"));
        Assert.Equal("150802", stored.Region);
    }

    [Fact]
    public async Task The_admin_adds_a_checkpoint_choosing_province_city_and_county()
    {
        await Page.GotoAsync("/Admin/Checkpoints");
        var form = Page.GetByTestId("add-form");
        await Page.Locator("#Add_Code").FillAsync("CP-ERENHOT-RAIL");
        await Page.Locator("#Add_Name").FillAsync("二连浩特站");
        await Page.Locator("#Add_Kind").SelectOptionAsync("rail");
        await PickAsync(form, "内蒙古自治区", "锡林郭勒盟", "二连浩特市");
        await form.GetByRole(AriaRole.Button).ClickAsync();

        await Expect(Page.GetByTestId("message")).ToContainTextAsync("二连浩特站");
        var stored = await App.WithDbAsync(db => db.Checkpoints.SingleAsync(c => c.Code == "CP-ERENHOT-RAIL"));
        Assert.Equal("152501", stored.Region);
    }

    [Fact]
    public async Task Changing_the_province_of_a_community_being_edited_clears_its_city_and_county()
    {
        await App.CheckpointWithOfficerAsync();
        await Page.GotoAsync($"/Admin/Communities?edit={Arrange.Community}");
        var form = Page.GetByTestId("edit-form");
        var province = form.GetByRole(AriaRole.Combobox, new() { Name = "省份", Exact = true });
        var city = form.GetByRole(AriaRole.Combobox, new() { Name = "城市", Exact = true });
        var county = form.GetByRole(AriaRole.Combobox, new() { Name = "区县", Exact = true });
        await Expect(county).ToHaveValueAsync("150802");
        await Expect(city).ToHaveValueAsync("150800");

        await province.SelectOptionAsync(new SelectOptionValue { Label = "陕西省" });
        await Expect(city).ToHaveValueAsync("");
        await Expect(city.Locator("option", new() { HasText = "西安市" })).ToHaveCountAsync(1);
        await Expect(county).ToHaveCountAsync(0);
        await Expect(Page.Locator("#Change_Region")).ToHaveValueAsync("");
        await ScreenshotAsync("community-edit-province-changed");

        await city.SelectOptionAsync(new SelectOptionValue { Label = "西安市" });
        await county.SelectOptionAsync(new SelectOptionValue { Label = "雁塔区" });
        await form.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(Page.GetByTestId("message")).ToBeVisibleAsync();
        var stored = await App.WithDbAsync(db => db.Communities.SingleAsync(c => c.Code == Arrange.Community));
        Assert.Equal("610113", stored.Region);
    }
}
