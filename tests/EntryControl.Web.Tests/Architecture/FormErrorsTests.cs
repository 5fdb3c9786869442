using EntryControl.Web.Pages;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace EntryControl.Web.Tests.Architecture;

/// <summary>The one mapper from a service's field paths to a form's ModelState keys.</summary>
public sealed class FormErrorsTests
{
    [Fact]
    public void Paths_become_the_form_s_property_names_with_blank_rows_skipped()
    {
        var form = new FormFields("Input")
        {
            Renamed = new Dictionary<string, string>(StringComparer.Ordinal) { ["arrivalAt"] = "ArrivalDate" },
            Rows = new Dictionary<string, int[]>(StringComparer.Ordinal) { ["stays"] = [0, 2] },
        };

        Assert.Equal("Input.ArrivalDate", FormErrors.KeyOf("arrivalAt", form));
        Assert.Equal("Input.Stays[2].From", FormErrors.KeyOf("stays[1].from", form));
        Assert.Equal("Input.NucleicAcidTest.Result", FormErrors.KeyOf("nucleicAcidTest.result", form));
    }

    [Fact]
    public void A_field_the_form_does_not_show_goes_to_the_top_of_the_form()
    {
        var state = new ModelStateDictionary();

        state.AddServiceErrors("Add", new Dictionary<string, string[]> { ["region"] = ["bad region"], ["secret"] = ["elsewhere"] }, "Region");

        Assert.Equal("bad region", state["Add.Region"]!.Errors.Single().ErrorMessage);
        Assert.Equal("elsewhere", state["Add"]!.Errors.Single().ErrorMessage);
    }
}
