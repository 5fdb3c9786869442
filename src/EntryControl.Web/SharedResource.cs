namespace EntryControl.Web;

/// <summary>Marker for the shared UI strings in <c>Resources/SharedResource*.resx</c> (zh-CN neutral, en).</summary>
public sealed class SharedResource;
