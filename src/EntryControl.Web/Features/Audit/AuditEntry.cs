namespace EntryControl.Web.Features.Audit;

/// <summary>审计 one view or export of personal data: who, when, what.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Null for an anonymous caller (a traveler opening their own declaration by its code).</summary>
    public Guid? UserId { get; set; }

    public string? UserEmail { get; set; }

    public AuditAction Action { get; set; }

    /// <summary>What was seen: e.g. <c>declaration</c>, <c>followUps</c>, <c>alerts</c>, <c>scan</c>.</summary>
    public required string Subject { get; set; }

    /// <summary>Which record(s), never an ID number or a phone: a declaration id, a community and a date.</summary>
    public required string Detail { get; set; }

    /// <summary>How many people's data the view or export held.</summary>
    public int Records { get; set; }
}

public enum AuditAction
{
    View,
    Export,

    /// <summary>A list of people brought in from outside (a pushed 协查 list).</summary>
    Import,

    /// <summary>解除 a traveler released from their measure (with the override and its reason, if any).</summary>
    Release,

    /// <summary>更正 a recorded test result changed (detail: the old and the new value).</summary>
    Correct,

    /// <summary>个人信息删除 the retention job erased personal data past their retention period (counts only).</summary>
    Erase,

    /// <summary>A policy version uploaded as a draft (detail: "bayannur-2022-71@3").</summary>
    Upload,

    /// <summary>A policy version published (detail: the version and its first day).</summary>
    Publish,
}
