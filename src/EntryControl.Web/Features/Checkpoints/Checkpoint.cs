namespace EntryControl.Web.Features.Checkpoints;

/// <summary>卡口 a checkpoint at a road, station, airport, bus terminal or border port.</summary>
public sealed class Checkpoint
{
    public required string Code { get; set; }

    public required string Name { get; set; }

    public CheckpointKind Kind { get; set; }

    /// <summary>The GB/T 2260 code of the county it lies in.</summary>
    public required string Region { get; set; }
}

public enum CheckpointKind
{
    Road,
    Rail,
    Air,
    Bus,
    Port,
}
