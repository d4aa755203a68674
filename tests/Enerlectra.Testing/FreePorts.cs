using System.Net;
using System.Net.Sockets;

namespace Enerlectra.Testing;

/// <summary>Ports nobody listens on right now, so fixtures never collide with each other or a dev server.</summary>
public static class FreePorts
{
    /// <summary>Holds all listeners open until every port is picked, so one call never returns the same port twice.</summary>
    public static int[] Take(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }

    public static int Take() => Take(1)[0];
}
