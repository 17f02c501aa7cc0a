namespace SosPost.Firmware.Core;

/// <summary>The relay into the CCTV camera's alarm input: one pulse of the configured width per alarm.</summary>
public sealed class CameraTrigger
{
    private readonly IDigitalOutput? _output;
    private readonly long _pulseMs;
    private bool _on;
    private long _offAtMs;

    public CameraTrigger(IDigitalOutput? output, PostConfig config)
    {
        _output = output;
        _pulseMs = config.CameraPulseMs;
        _output?.Set(false);
    }

    /// <summary>The post has a camera (alarms then ask the gateway to fetch its still).</summary>
    public bool IsFitted => _output != null;

    public bool IsPulsing => _on;

    /// <summary>Starts a pulse (a pulse in progress is lengthened, not doubled: the camera sees one alarm edge).</summary>
    public void Pulse(long now)
    {
        if (_output == null)
        {
            return;
        }

        if (!_on)
        {
            _output.Set(true);
            _on = true;
        }

        _offAtMs = now + _pulseMs;
    }

    public void Update(long now)
    {
        if (_on && now >= _offAtMs)
        {
            _on = false;
            _output!.Set(false);
        }
    }
}
