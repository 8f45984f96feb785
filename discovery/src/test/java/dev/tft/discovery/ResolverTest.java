package dev.tft.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;

@Timeout(10)
class ResolverTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private final Resolver resolver =
            new Resolver(
                    host -> {
                        if (host.equals("nas.lan")) {
                            return InetAddress.getByName("10.0.0.50");
                        }
                        throw new UnknownHostException(host);
                    });

    private static Peer peer(String id, String name, String ip, PeerState state) throws Exception {
        return new Peer(
                new PeerId(id),
                "",
                name,
                List.of(InetAddress.getByName(ip)),
                5001,
                "1",
                "linux",
                T,
                T,
                state,
                false,
                false);
    }

    private final List<Peer> peers;

    ResolverTest() throws Exception {
        peers =
                List.of(
                        peer("aaaaaaaaaaaaaaaa1111", "alice", "10.0.0.2", PeerState.UP),
                        peer("bbbbbbbbbbbbbbbb2222", "alicia", "10.0.0.3", PeerState.UP),
                        peer("cccccccccccccccc3333", "bob", "10.0.0.4", PeerState.SUSPECT),
                        peer("dddddddddddddddd4444", "carol", "10.0.0.5", PeerState.GONE));
    }

    private Resolution resolve(String q) {
        return resolver.resolve(q, peers, 5001);
    }

    private static Peer found(Resolution r) {
        return assertInstanceOf(Resolution.Found.class, r).peer();
    }

    @Test
    void exactNameWinsOverPrefixAndIsCaseInsensitive() {
        assertEquals("alice", found(resolve("ALICE")).name());
        assertEquals(
                new InetSocketAddress("10.0.0.2", 5001),
                ((Resolution.Found) resolve("alice")).address());
    }

    @Test
    void ambiguousPrefixListsCandidates() {
        Resolution.Ambiguous a = assertInstanceOf(Resolution.Ambiguous.class, resolve("ali"));
        assertEquals(List.of("alice", "alicia"), a.candidates().stream().map(Peer::name).toList());
    }

    @Test
    void uniquePrefixResolves() {
        assertEquals("alicia", found(resolve("alici")).name());
        assertEquals("bob", found(resolve("b")).name());
    }

    @Test
    void peerIdExactOrLongPrefix() {
        assertEquals("bob", found(resolve("cccccccccccccccc3333")).name());
        assertEquals("bob", found(resolve("cccccc")).name());
        assertInstanceOf(Resolution.NotFound.class, resolve("ccccc"));
    }

    @Test
    void gonePeersNeverMatchAndUnknownListsLivePeers() {
        Resolution.NotFound nf = assertInstanceOf(Resolution.NotFound.class, resolve("carol"));
        assertEquals(3, nf.known().size());
    }

    @Test
    void ipLiteralWithAndWithoutPort() {
        Resolution.Found f = assertInstanceOf(Resolution.Found.class, resolve("10.9.9.9:6000"));
        assertNull(f.peer());
        assertEquals(new InetSocketAddress("10.9.9.9", 6000), f.address());
        assertEquals(5001, ((Resolution.Found) resolve("[::1]")).address().getPort());
    }

    @Test
    void literalOfAKnownPeerNamesThatPeer() {
        assertEquals("alice", found(resolve("10.0.0.2")).name());
    }

    @Test
    void hostNameIsLookedUp() {
        Resolution.Found f = assertInstanceOf(Resolution.Found.class, resolve("nas.lan:7000"));
        assertEquals(new InetSocketAddress("10.0.0.50", 7000), f.address());
        assertInstanceOf(Resolution.NotFound.class, resolve("nowhere.lan"));
        assertInstanceOf(Resolution.NotFound.class, resolve("   "));
    }
}
