namespace SosPost.Firmware.Core;

/// <summary>Diagnostics sink (serial console, file, host logger). Must not block.</summary>
public interface ILog
{
    void Info(string message);

    void Warn(string message);

    void Error(string message);
}
