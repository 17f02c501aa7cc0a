namespace SosPost.Gateway.Dispatch.Sia;

/// <summary>The DC-09 data format: SIA DC-03 event codes or Ademco Contact ID.</summary>
public enum SiaProtocol
{
    SiaDcs,
    AdmCid,
}

public enum SiaTransport
{
    Tcp,
    Udp,
}
