package dev.mitosis.server;

import dev.mitosis.protocol.CachingSha2Password;
import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.HandshakeResponse41;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.protocol.NativePassword;
import dev.mitosis.protocol.PacketChannel;
import dev.mitosis.protocol.PayloadWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The server side of authentication: plugin switch, mysql_native_password, and
 * caching_sha2_password with fast auth from the cache and full auth: the password in clear over
 * TLS, RSA-encrypted over plain TCP.
 */
final class Authenticator {
    private final Instance instance;
    private final PacketChannel channel;
    private final boolean secure;

    Authenticator(Instance instance, PacketChannel channel, boolean secure) {
        this.instance = instance;
        this.channel = channel;
        this.secure = secure;
    }

    /** Runs the exchange; returns the account or throws 1045 (or the locked-account error). */
    Account authenticate(HandshakeResponse41 response, byte[] scramble, InetAddress from, String hostForErrors)
            throws IOException, MysqlException, SQLException {
        String user = response.user();
        Account account = instance.accounts().match(user, from);
        // An unknown user still goes through the exchange, so existence is not revealed.
        String plugin = account != null ? account.plugin() : CachingSha2Password.PLUGIN;
        String clientPlugin = response.authPlugin() == null ? NativePassword.PLUGIN : response.authPlugin();
        byte[] token = response.authResponse();
        if (!plugin.equals(clientPlugin)) {
            PayloadWriter w = new PayloadWriter().int1(0xFE).nulString(plugin).bytes(scramble).int1(0);
            channel.write(w);
            channel.flush();
            token = channel.read();
            if (token == null) throw new IOException("client left during authentication");
        }
        boolean usedPassword = !(token.length == 0 || (token.length == 1 && token[0] == 0));
        boolean ok;
        if (account == null) {
            ok = false;
        } else if (plugin.equals(NativePassword.PLUGIN)) {
            ok = NativePassword.verify(NativePassword.parseAuthenticationString(account.authenticationString()),
                    token, scramble);
        } else {
            ok = cachingSha2(account, token, scramble, usedPassword);
        }
        if (!ok) {
            throw ErrorCode.ER_ACCESS_DENIED_ERROR.exception(user, hostForErrors, usedPassword ? "YES" : "NO");
        }
        if (account.requiresTls() && !secure) {
            // REQUIRE SSL over plain TCP: refused as a wrong password would be, as MySQL does.
            throw ErrorCode.ER_ACCESS_DENIED_ERROR.exception(user, hostForErrors, usedPassword ? "YES" : "NO");
        }
        if (account.locked()) {
            throw ErrorCode.ER_ACCOUNT_HAS_BEEN_LOCKED.exception(user, hostForErrors);
        }
        return account;
    }

    private boolean cachingSha2(Account account, byte[] token, byte[] scramble, boolean usedPassword)
            throws IOException {
        if (!account.hasPassword()) return !usedPassword;
        if (!usedPassword) return false;
        byte[] cached = instance.accounts().cachedSha2(account);
        if (cached != null) {
            if (!CachingSha2Password.verifyFast(cached, token, scramble)) return false;
            sendMoreData(new byte[] {CachingSha2Password.FAST_AUTH_OK});
            return true;
        }
        // Not in the cache: full authentication. Over TLS the client sends the password itself,
        // NUL-terminated; without TLS it travels RSA-encrypted.
        sendMoreData(new byte[] {CachingSha2Password.PERFORM_FULL_AUTH});
        byte[] reply = channel.read();
        if (reply == null) throw new IOException("client left during authentication");
        if (secure && !(reply.length == 1 && reply[0] == CachingSha2Password.REQUEST_PUBLIC_KEY)) {
            return verifyAndCache(account, reply);
        }
        if (reply.length == 1 && reply[0] == CachingSha2Password.REQUEST_PUBLIC_KEY) {
            sendMoreData(instance.rsaKeys().publicKeyPem());
            reply = channel.read();
            if (reply == null) throw new IOException("client left during authentication");
        }
        byte[] clear;
        try {
            clear = CachingSha2Password.xorWithScramble(instance.rsaKeys().decrypt(reply), scramble);
        } catch (GeneralSecurityException e) {
            // A client that sent the clear password without TLS, or garbage: refuse.
            return false;
        }
        return verifyAndCache(account, clear);
    }

    /** Checks a clear password (up to its NUL, if any) against the stored hash; wipes the buffer. */
    private boolean verifyAndCache(Account account, byte[] clear) {
        int nul = 0;
        while (nul < clear.length && clear[nul] != 0) nul++;
        String password = new String(clear, 0, nul, StandardCharsets.UTF_8);
        Arrays.fill(clear, (byte) 0);
        if (!Sha2Hash.verify(account.authenticationString(), password)) return false;
        instance.accounts().cacheSha2(account, CachingSha2Password.doubleHash(password));
        return true;
    }

    private void sendMoreData(byte[] data) throws IOException {
        channel.write(new PayloadWriter().int1(0x01).bytes(data));
        channel.flush();
    }
}
