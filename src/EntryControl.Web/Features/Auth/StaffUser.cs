using Microsoft.AspNetCore.Identity;

namespace EntryControl.Web.Features.Auth;

/// <summary>A member of staff (工作人员): admin, checkpoint officer, community worker or command center.</summary>
public sealed class StaffUser : IdentityUser<Guid>
{
    /// <summary>The checkpoint a <c>checkpointOfficer</c> works at (卡口).</summary>
    public string? CheckpointCode { get; set; }

    /// <summary>The communities a <c>communityWorker</c> covers (社区/网格).</summary>
    public List<StaffCommunity> Communities { get; init; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class StaffCommunity
{
    public Guid UserId { get; set; }

    public required string CommunityCode { get; set; }
}
