package io.gympulse.gateway.rest;

import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Strong entity tags and {@code If-None-Match} (RFC 9110 §8.8.3, §13.1.2).
 *
 * <p>A tag is a digest of the exact response bytes rather than a state version: every gateway instance behind a
 * load balancer holds the same state but would count versions differently, so only a content tag lets a cache
 * revalidate against whichever instance answers; it also covers views whose bytes change without a transition
 * (forecasts move with the clock, bins with samples). Hashing is cheap next to writing the bytes: the largest body,
 * {@code /branches}, is a few KB, hashed in tens of microseconds.
 */
final class EntityTags {

  /** 128 bits of SHA-256: a collision is not a practical concern, and the tag stays short. */
  private static final int TAG_BYTES = 16;

  private EntityTags() {
  }

  /** A strong tag for {@code body}, quoted as it goes on the wire. */
  static String strong(Buffer body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes());
      return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, TAG_BYTES)) + '"';
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Whether an {@code If-None-Match} value matches {@code tag}: {@code *}, or any listed tag by weak comparison
   * (the opaque parts are equal, {@code W/} ignored). A malformed member ends the list without a match, so a bad
   * header costs the client a full response, never a wrong 304.
   */
  static boolean noneMatchHits(String ifNoneMatch, String tag) {
    String header = ifNoneMatch.trim();
    if (header.equals("*")) {
      return true;
    }
    int i = 0;
    while (i < header.length()) {
      char c = header.charAt(i);
      if (c == ',' || c == ' ' || c == '\t') {
        i++;
        continue;
      }
      if (header.startsWith("W/", i)) {
        i += 2;
      }
      if (i >= header.length() || header.charAt(i) != '"') {
        return false;
      }
      // commas are legal inside a tag, so a member ends at its closing quote, not at a comma
      int close = header.indexOf('"', i + 1);
      if (close < 0) {
        return false;
      }
      if (header.regionMatches(i, tag, 0, tag.length()) && close + 1 - i == tag.length()) {
        return true;
      }
      i = close + 1;
    }
    return false;
  }
}
