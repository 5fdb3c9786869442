using System.Text;
using QRCoder;

namespace EntryControl.E2E.Tests.Infrastructure;

/// <summary>
/// Frames for Chromium's fake camera (<c>--use-file-for-fake-video-capture</c>): a grey 640×480 YUV 4:2:0 picture in
/// the Y4M format, optionally with a QR code in the middle, as a traveler holds up their phone.
/// </summary>
public static class FakeCamera
{
    private const int Width = 640;
    private const int Height = 480;
    private const byte Dark = 16;
    private const byte Light = 235;

    public static byte[] Blank()
    {
        var luma = new byte[Width * Height];
        Array.Fill(luma, (byte)128);
        return luma;
    }

    /// <summary>The QR code the traveler's confirmation page shows (the declaration code, error correction M).</summary>
    public static byte[] Qr(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix; // with its quiet zone
        var size = modules.Count;
        var scale = Math.Min(Width, Height) * 9 / 10 / size;
        var left = (Width - (size * scale)) / 2;
        var top = (Height - (size * scale)) / 2;
        var luma = Blank();
        for (var y = 0; y < size * scale; y++)
        {
            for (var x = 0; x < size * scale; x++)
            {
                luma[((top + y) * Width) + left + x] = modules[y / scale][x / scale] ? Dark : Light;
            }
        }

        return luma;
    }

    public static void Write(string path, byte[] luma)
    {
        using var file = File.Create(path);
        file.Write(Encoding.ASCII.GetBytes($"YUV4MPEG2 W{Width} H{Height} F30:1 Ip A1:1 C420jpeg\n"));
        var chroma = new byte[Width / 2 * (Height / 2)];
        Array.Fill(chroma, (byte)128);
        file.Write("FRAME\n"u8);
        file.Write(luma);
        file.Write(chroma);
        file.Write(chroma);
    }
}
