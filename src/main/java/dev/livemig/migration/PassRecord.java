package dev.livemig.migration;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One memory pass: pages and bytes sent, how long it took, the pages the guest dirtied while it
 * ran, and the pages still to send when it ended ({@code remainingPages}: what the stop rule
 * judged; after a pre-copy pass, the pages dirtied during it; after post-copy's switch-over, the
 * pages left on the source). {@code kind} is {@code precopy}, {@code stop-and-copy} or
 * {@code post-copy} (the push after the switch-over).
 */
@JsonPropertyOrder({"pass", "kind", "pages", "bytes", "seconds", "dirtiedPages", "remainingPages"})
public record PassRecord(int pass, String kind, long pages, long bytes, double seconds, long dirtiedPages,
    long remainingPages) {}
