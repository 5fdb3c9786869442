using System.Security.Claims;

namespace EntryControl.Web.Features.Auth;

public static class StaffClaims
{
    /// <summary>The signed-in member of staff's user id, or null for an anonymous caller.</summary>
    public static Guid? StaffId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
