package dev.tft.discovery.mdns;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import javax.jmdns.impl.JmDNSImpl;

/**
 * One JmDNS instance bound to one local address: publishes our service and browses for others.
 *
 * <p>Threads: JmDNS calls the {@link SightingSink} on its single listener thread; this class only
 * converts the event and hands it on. {@link #close()} blocks while JmDNS sends goodbyes (about 0.2
 * s with {@link FastTaskStarter}); callers that must not wait run it on another thread. {@link
 * MdnsRuntime#configure} must have been called first.
 */
public final class MdnsNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MdnsNode.class);

    /** More TXT keys than this and the record is not ours: drop the extra ones. */
    static final int MAX_TXT_KEYS = 16;

    static final int MAX_ADDRESSES = 8;

    /** Continuous querying (RFC 6762 §5.2): first re-query after 1 s, doubling, capped. */
    static final long FIRST_REQUERY_MS = 1000;

    static final long MAX_REQUERY_MS = 30_000;

    private final BindAddress bind;
    private final JmDNS jmdns;
    private long requeryInterval = FIRST_REQUERY_MS;
    private long nextRequeryAt = System.nanoTime() + FIRST_REQUERY_MS * 1_000_000;

    private MdnsNode(BindAddress bind, JmDNS jmdns) {
        this.bind = bind;
        this.jmdns = jmdns;
    }

    /**
     * Creates the instance on {@code bind}, starts browsing and registers {@code advert}. Returns
     * after socket setup; probing and announcing continue in the background.
     *
     * @param hostName the mDNS host name (without {@code .local.}); unique per node
     * @throws IOException if the socket cannot be bound or the group not joined
     */
    public static MdnsNode open(
            BindAddress bind, String hostName, ServiceAdvert advert, SightingSink sink)
            throws IOException {
        Objects.requireNonNull(sink, "sink");
        if (MdnsRuntime.port() < 0) {
            throw new IllegalStateException("MdnsRuntime.configure was not called");
        }
        JmDNS jmdns = JmDNS.create(bind.address(), hostName);
        try {
            NetworkInterface nif = NetworkInterface.getByName(bind.interfaceName());
            jmdns.addServiceListener(ServiceAdvert.SERVICE_TYPE, new Listener(bind, nif, sink));
            jmdns.registerService(
                    ServiceInfo.create(
                            ServiceAdvert.SERVICE_TYPE,
                            advert.instanceName(),
                            advert.port(),
                            0,
                            0,
                            advert.txt()));
        } catch (IOException | RuntimeException e) {
            jmdns.close();
            throw e;
        }
        return new MdnsNode(bind, jmdns);
    }

    /** The address this node is bound to. */
    public BindAddress bind() {
        return bind;
    }

    /**
     * Re-sends the browse query when due. JmDNS queries only 3 times when browsing starts and never
     * again (jmdns#56), so one lost answer hides an existing peer until its next renewal (half the
     * TTL). Known-answer suppression keeps this cheap: peers we already know stay silent.
     * Non-blocking (the query runs on a JmDNS timer). Call periodically from one thread.
     */
    public void requeryIfDue() {
        long now = System.nanoTime();
        if (now - nextRequeryAt < 0) {
            return;
        }
        requeryInterval = Math.min(requeryInterval * 2, MAX_REQUERY_MS);
        nextRequeryAt = now + requeryInterval * 1_000_000;
        if (jmdns instanceof JmDNSImpl impl) {
            impl.startServiceResolver(ServiceAdvert.SERVICE_TYPE);
        }
    }

    /** Sends goodbyes for our service and host, then closes the socket. Blocks ~0.2 s. */
    @Override
    public void close() {
        try {
            jmdns.close();
        } catch (IOException e) {
            log.debug("closing mDNS node {} failed", bind, e);
        }
    }

    /** Converts JmDNS events into sightings; runs on the JmDNS listener thread. */
    private static final class Listener implements ServiceListener {
        private final BindAddress bind;
        private final NetworkInterface nif;
        private final SightingSink sink;

        Listener(BindAddress bind, NetworkInterface nif, SightingSink sink) {
            this.bind = bind;
            this.nif = nif;
            this.sink = sink;
        }

        @Override
        public void serviceAdded(ServiceEvent event) {
            // No address, port or TXT yet (jmdns#140); JmDNS resolves on its own and calls
            // serviceResolved.
        }

        @Override
        public void serviceRemoved(ServiceEvent event) {
            sink.removed(event.getName(), bind.interfaceName());
        }

        @Override
        public void serviceResolved(ServiceEvent event) {
            ServiceInfo info = event.getInfo();
            if (info == null) {
                return;
            }
            sink.sighted(
                    new ServiceSighting(
                            event.getName(),
                            txt(info),
                            addresses(info),
                            info.getPort(),
                            bind.interfaceName()));
        }

        private static Map<String, String> txt(ServiceInfo info) {
            Map<String, String> out = new HashMap<>();
            Enumeration<String> names = info.getPropertyNames();
            while (names.hasMoreElements() && out.size() < MAX_TXT_KEYS) {
                String key = names.nextElement();
                String value = info.getPropertyString(key);
                if (key != null && value != null) {
                    out.put(key.toLowerCase(Locale.ROOT), value);
                }
            }
            return out;
        }

        private List<InetAddress> addresses(ServiceInfo info) {
            List<InetAddress> out = new ArrayList<>();
            for (InetAddress a : info.getInet4Addresses()) {
                out.add(a);
            }
            for (Inet6Address a : info.getInet6Addresses()) {
                out.add(withScope(a));
            }
            return out.size() > MAX_ADDRESSES ? out.subList(0, MAX_ADDRESSES) : out;
        }

        /** JmDNS hands out link-local IPv6 addresses without scope; they are useless without it. */
        private InetAddress withScope(Inet6Address a) {
            if (!a.isLinkLocalAddress() || a.getScopeId() != 0 || nif == null) {
                return a;
            }
            try {
                return Inet6Address.getByAddress(null, a.getAddress(), nif);
            } catch (UnknownHostException e) {
                return a;
            }
        }
    }
}
