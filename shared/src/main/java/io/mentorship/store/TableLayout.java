package io.mentorship.store;

import io.mentorship.profile.Role;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The single table's layout, in one place: every item type with its key pattern, attributes, writers, readers and
 * time to live ({@link ItemType}, rendered as the README's table), and the only code that spells a key. A member's
 * state lives under {@code USER#<id>} (one query reads everything matching needs), their history under
 * {@code HISTORY#<id>}. No other class holds a key literal ({@code TableLayoutTest} enforces it).
 */
public final class TableLayout {
    public static final String PK = "pk";
    public static final String SK = "sk";
    /** Epoch seconds after which DynamoDB deletes the item. */
    public static final String TTL = "ttl";

    // ---- sort keys of a member's partition (USER#<id>) ------------------------------------------------------
    public static final String PROFILE = "PROFILE";
    public static final String FRIENDS = "FRIENDS";
    public static final String FRIENDS_PENDING = "FRIENDS_PENDING";
    public static final String FRIENDS_MATCHED = "FRIENDS_MATCHED";
    public static final String MATCHED = "MATCHED";
    public static final String LISTING = "LISTING";
    public static final String CAPACITY = "CAPACITY";
    public static final String COUNTERS = "COUNTERS";
    public static final Prefix ACKNOWLEDGEMENT = new Prefix("ACK#");
    public static final Prefix BLOCK = new Prefix("BLOCK#");
    public static final Prefix BLOCKED_BY = new Prefix("BLOCKEDBY#");
    public static final Prefix EXCLUSION = new Prefix("EXCL#");
    public static final Prefix MEMBER_OF_COHORT = new Prefix("COHORT#");

    // ---- other partitions and their sort keys ---------------------------------------------------------------
    public static final Prefix USER = new Prefix("USER#");
    public static final Prefix HISTORY = new Prefix("HISTORY#");
    public static final Prefix INTRODUCTION = new Prefix("INTRO#");
    public static final String INTRODUCTION_SK = "INTRO";
    public static final Prefix INCOMING = new Prefix("INTRO#IN#");
    public static final Prefix OUTGOING = new Prefix("INTRO#OUT#");
    public static final Prefix MENTORSHIP = new Prefix("MENTORSHIP#");
    public static final String MENTORSHIP_SK = "MENTORSHIP";
    public static final Prefix MENTORSHIP_ENTRY = new Prefix("MENTORSHIP#");
    public static final Prefix PAIR = new Prefix("PAIR#");
    public static final String PAIR_SK = "PAIR";
    public static final Prefix EXPIRY = new Prefix("EXPIRY#");
    public static final Prefix SUGGESTIONS = new Prefix("SUGG#");
    public static final Prefix SUGGESTED = new Prefix("SUGGESTED#");
    public static final Prefix INBOX = new Prefix("INBOX#");
    public static final Prefix ROLE_INBOX = new Prefix("INBOX#ROLE#");
    public static final Prefix INDEX = new Prefix("IDX#");
    public static final Prefix DIRECTORY = new Prefix("MEMBERS#");
    public static final Prefix CHANGE_LOG = new Prefix("LOG#");
    public static final Prefix COHORT = new Prefix("COHORT#");
    public static final String COHORT_SK = "COHORT";
    public static final String COHORT_RUN_SK = "RUN";
    public static final Prefix COHORT_MEMBER = new Prefix("MEMBER#");
    public static final Prefix COHORT_INTRODUCTION = new Prefix("INTRO#");
    public static final Prefix GUIDELINES = new Prefix("GUIDELINES#");
    public static final String GUIDELINES_CURRENT_SK = "CURRENT";
    public static final String CONFIG = "CONFIG";
    public static final String WEIGHTS_SK = "MATCHING_WEIGHTS";
    public static final String RECOMPUTE_SK = "RECOMPUTE";
    public static final String STATS = "STATS";
    public static final String STATS_SK = "COUNTS";
    public static final String REPORTS = "REPORTS";

    /** A key part that starts with fixed text: {@code ACK#} + role. */
    public record Prefix(String text) {
        public String of(Object rest) {
            return text + rest;
        }

        public boolean in(String key) {
            return key.startsWith(text);
        }

        /** The part of {@code key} after the prefix. */
        public String rest(String key) {
            return key.substring(text.length());
        }
    }

    /** Every item type of the table; the README's table is rendered from these. */
    public enum ItemType {
        PROFILE("USER#<userId>", "PROFILE", "userId, version, createdAt, updatedAt, doc (the profile)",
                "ProfileRepository", "ProfileRepository, MemberRepository", null),
        FRIEND_LIST("USER#<userId>", "FRIENDS", "listed, confirmed (string sets)", "FriendRepository",
                "FriendRepository, MemberRepository", null),
        FRIENDS_PENDING("USER#<userId>", "FRIENDS_PENDING", "checking, unconfirming (string sets), leaseUntil: the "
                + "other sides a list replacement still has to settle, and its hold on the list", "FriendRepository",
                "FriendRepository", null),
        FRIENDS_MATCHED("USER#<userId>", "FRIENDS_MATCHED", "ids: confirmed friends matching has handled",
                "MemberRepository", "MemberRepository", null),
        MATCHED("USER#<userId>", "MATCHED", "through: changes up to this instant are matched; seen: every write "
                + "finished before this instant was read by a finished match that none overlapped; gen: matches "
                + "begun; unfinishedFrom: the listing the earliest unfinished match began from; indexKeys: the index "
                + "items the member's matches may have written since the last finished; refusedKeys, refusals: index "
                + "items refused matches handed on, and how many hand-ons (kept by an erasure until matching removes "
                + "the member)",
                "MemberRepository", "MemberRepository", null),
        LISTING("USER#<userId>", "LISTING", "cards, keys, name, fs: where the member is indexed (kept by an "
                + "erasure until matching removes the entries)", "MatchIndex", "MatchIndex, MemberRepository", null),
        ACKNOWLEDGEMENT("USER#<userId>", "ACK#<role>", "role, version, acknowledgedAt", "GuidelinesRepository",
                "GuidelinesRepository, MemberRepository", null),
        BLOCK("USER#<blockerId>", "BLOCK#<blockedId>", "at", "BlockRepository", "BlockRepository, MemberRepository",
                null),
        BLOCKED_BY("USER#<blockedId>", "BLOCKEDBY#<blockerId>", "at", "BlockRepository", "MemberRepository", null),
        EXCLUSION("USER#<userId>", "EXCL#<otherId>", "reason (pending, paired, declined), until",
                "IntroductionRepository", "MemberRepository", "until, for a decline"),
        CAPACITY("USER#<mentorId>", "CAPACITY", "active: mentees now (bounded counter)", "MentorshipRepository",
                "MentorshipRepository, MemberRepository", null),
        PENDING_COUNTER("USER#<userId>", "COUNTERS", "pendingOut: pending introductions asked (bounded counter)",
                "IntroductionRepository", "IntroductionRepository", null),
        MEMBER_OF_COHORT("USER#<userId>", "COHORT#<cohortId>", "role, joinedAt, name", "CohortRepository",
                "CohortRepository", null),
        INTRODUCTION("INTRO#<introductionId>", "INTRO", "the introduction: parties, role, status, message, "
                + "commonalities, times", "IntroductionRepository", "IntroductionRepository", null),
        INTRODUCTION_BOX_ENTRY("HISTORY#<userId>", "INTRO#IN|OUT#<createdAt>#<introductionId>", "introductionId",
                "IntroductionRepository", "IntroductionRepository", null),
        MENTORSHIP("MENTORSHIP#<mentorshipId>", "MENTORSHIP", "mentorId, menteeId, introductionId, status, "
                + "startedAt, endedAt, endedBy, rating, feedback", "MentorshipRepository", "MentorshipRepository",
                null),
        MENTORSHIP_ENTRY("HISTORY#<userId>", "MENTORSHIP#<mentorshipId>", "mentorshipId", "MentorshipRepository",
                "MentorshipRepository", null),
        PAIR("PAIR#<lowerId>#<higherId>", "PAIR", "state (open, pending, paired, declined), introductionId, "
                + "reference, apartUntil", "IntroductionRepository", "IntroductionRepository", null),
        EXPIRY_SCHEDULE("EXPIRY#<yyyy-MM-dd>", "<expiresAt>#<introductionId>", "introductionId",
                "IntroductionRepository", "IntroductionRepository (ExpiryFunction)", null),
        SUGGESTIONS("SUGG#<viewerId>", "<role>", "the stored top K with scores and commonalities; version, "
                + "lifetime, pointers (the version that added each entry)",
                "SuggestionRepository", "SuggestionRepository", null),
        SUGGESTED("SUGGESTED#<counterpartId>", "<viewerId>#<role>#<lifetime>.<since>",
                "userId: whose list shows the counterpart (lifetime.since: the list and version that added them)",
                "SuggestionRepository", "SuggestionRepository", null),
        INBOX_ENTRY("INBOX#<userId>", "<occurredAt>#<eventId>", "event, notified", "InboxRepository",
                "InboxRepository", null),
        ROLE_ANNOUNCEMENT("INBOX#ROLE#<role>", "<occurredAt>#<eventId>", "event", "InboxRepository",
                "InboxRepository", null),
        INDEX_ENTRY("IDX#<role>#v<guidelinesVersion>#<topic>", "<userId>",
                "k (match card, Smile), b (bar, Smile), bv (its list's version)",
                "MatchIndex", "MatchIndex, MatchService", null),
        DIRECTORY_ENTRY("MEMBERS#<shard 0-15>", "<userId>", "(keys only)", "MatchIndex", "MatchIndex", null),
        CHANGE_LOG_ENTRY("LOG#<index partition>", "<instant>#<C|B>#<userId>", "(keys only)", "ChangeLog",
                "ChangeLog", "1 hour after the change"),
        COHORT("COHORT#<cohortId>", "COHORT", "name, topics, closesAt, createdAt, createdBy", "CohortRepository",
                "CohortRepository", null),
        COHORT_MEMBER("COHORT#<cohortId>", "MEMBER#<userId>", "role, joinedAt", "CohortRepository",
                "CohortRepository", null),
        COHORT_RUN("COHORT#<cohortId>", "RUN", "runId, state, figures, proof, pages, times", "CohortRepository",
                "CohortRepository", null),
        COHORT_PAIR_PAGE("COHORT#<cohortId>", "RUN#<runId>#PAIRS#<page>", "pairs", "CohortRepository",
                "CohortRepository", null),
        COHORT_INTRODUCTION("COHORT#<cohortId>", "INTRO#<menteeId>", "mentorId, introductionId, runId",
                "CohortRepository", "CohortRepository", null),
        GUIDELINES_CURRENT("GUIDELINES#<role>", "CURRENT", "version, title, rules, publishedAt, publishedBy",
                "GuidelinesRepository", "GuidelinesRepository, MemberRepository", null),
        GUIDELINES_VERSION("GUIDELINES#<role>", "V#<version>", "as CURRENT, kept for the record",
                "GuidelinesRepository", "(audit)", null),
        MATCHING_WEIGHTS("CONFIG", "MATCHING_WEIGHTS", "weights by criterion, version", "WeightsRepository",
                "WeightsRepository", null),
        RECOMPUTE("CONFIG", "RECOMPUTE", "generation, reason, state, cursor, scheduled, done",
                "RecomputeRepository", "RecomputeRepository", null),
        STATS("STATS", "COUNTS", "counters (users.mentor, introductions.pending, ...)", "StatsRepository",
                "StatsRepository", null),
        REPORT("REPORTS", "<createdAt>#<reportId>", "id, reporterId, reportedId, reason, createdAt",
                "ReportRepository", "(admins)", null);

        private final String pk;
        private final String sk;
        private final String attributes;
        private final String writtenBy;
        private final String readBy;
        private final String expires;

        ItemType(String pk, String sk, String attributes, String writtenBy, String readBy, String expires) {
            this.pk = pk;
            this.sk = sk;
            this.attributes = attributes;
            this.writtenBy = writtenBy;
            this.readBy = readBy;
            this.expires = expires;
        }
    }

    /** The README's table of item types. */
    public static String markdownTable() {
        StringBuilder out = new StringBuilder("| Item | pk | sk | Attributes | Written by | Read by | Expires |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (ItemType t : ItemType.values()) {
            out.append("| ").append(t.name()).append(" | `").append(t.pk).append("` | `")
                    .append(t.sk.replace("|", "\\|")).append("` | ").append(t.attributes).append(" | ")
                    .append(t.writtenBy).append(" | ").append(t.readBy).append(" | ")
                    .append(t.expires == null ? "" : t.expires).append(" |\n");
        }
        return out.toString();
    }

    /** Times in keys: fixed width (nanoseconds always written), so that text order is time order. */
    private static final DateTimeFormatter KEY_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private TableLayout() {
    }

    /**
     * An instant as a key part. {@code Instant.toString()} leaves out a zero fraction, so {@code ...:00Z} would
     * sort after {@code ...:00.5Z}; this form sorts as time does.
     */
    public static String time(Instant instant) {
        return KEY_TIME.format(instant);
    }

    public static String user(String userId) {
        return USER.of(userId);
    }

    /**
     * A member's history (their introductions and mentorships), kept out of {@code USER#<id>} so that reading
     * the member's state for matching costs the same however long their history grows.
     */
    public static String history(String userId) {
        return HISTORY.of(userId);
    }

    public static String acknowledgement(Role role) {
        return ACKNOWLEDGEMENT.of(role);
    }

    /** A pair's lock, the same whichever member is named first. */
    public static String pair(String a, String b) {
        return a.compareTo(b) < 0 ? PAIR.of(a + "#" + b) : PAIR.of(b + "#" + a);
    }

    public static String expiryDay(LocalDate day) {
        return EXPIRY.of(day);
    }

    /** A member's entry in their introductions box, newest last. */
    public static String boxEntry(boolean incoming, Instant createdAt, String introductionId) {
        return (incoming ? INCOMING : OUTGOING).of(time(createdAt) + "#" + introductionId);
    }

    /**
     * A pointer's sort key: the viewer's list in a role, its lifetime and the list version that added the
     * counterpart (version 0: a pointer put before pointers named it, keyed by the list alone).
     */
    public static String suggestedEntry(String viewerId, Role role, String lifetime, long since) {
        return since == 0 ? viewerId + "#" + role : viewerId + "#" + role + "#" + lifetime + "." + since;
    }

    public static String indexPartition(Role role, int guidelinesVersion, String topic) {
        return INDEX.of(role + "#v" + guidelinesVersion + "#" + topic);
    }

    /** The start of every index partition of a role: {@code IDX#<role>#}. */
    public static String indexPartitionsOf(Role role) {
        return INDEX.of(role + "#");
    }

    /**
     * Where a member's index entry is, as a listing keeps it: {@code <partition>|<userId>}. A topic (part of the
     * partition) may contain {@code |}; a member id cannot, so the last one separates.
     */
    public static String indexEntryRef(String partition, String userId) {
        return partition + "|" + userId;
    }

    /** The key of the index entry {@code ref} names. */
    public static Map<String, AttributeValue> indexEntryKey(String ref) {
        int bar = ref.lastIndexOf('|');
        return key(ref.substring(0, bar), ref.substring(bar + 1));
    }

    /** The partition of the index entry {@code ref} names. */
    public static String indexEntryPartition(String ref) {
        return ref.substring(0, ref.lastIndexOf('|'));
    }

    public static String cohortRunPage(String runId, int page) {
        return "RUN#" + runId + "#PAIRS#" + String.format("%06d", page);
    }

    public static String guidelinesVersion(int version) {
        return String.format("V#%06d", version);
    }

    /** The last expiry entry due at {@code now}: every entry at or before it sorts at or below this. */
    public static String expiryDueBy(Instant now) {
        return time(now) + "~";
    }

    /** A change-log entry: {@code kind} is C (a card changed) or B (a bar was lowered). */
    public static String changeLogEntry(Instant at, String kind, String userId) {
        return time(at) + "#" + kind + "#" + userId;
    }

    /** An inbox entry, newest last. */
    public static String inboxEntry(Instant occurredAt, String eventId) {
        return time(occurredAt) + "#" + eventId;
    }

    public static String expiryEntry(Instant expiresAt, String introductionId) {
        return time(expiresAt) + "#" + introductionId;
    }

    public static String report(Instant createdAt, String reportId) {
        return time(createdAt) + "#" + reportId;
    }

    public static Map<String, AttributeValue> introductionKey(String introductionId) {
        return key(INTRODUCTION.of(introductionId), INTRODUCTION_SK);
    }

    public static Map<String, AttributeValue> mentorshipKey(String mentorshipId) {
        return key(MENTORSHIP.of(mentorshipId), MENTORSHIP_SK);
    }

    public static Map<String, AttributeValue> pairKey(String a, String b) {
        return key(pair(a, b), PAIR_SK);
    }

    public static Map<String, AttributeValue> suggestionsKey(String viewerId, Role role) {
        return key(SUGGESTIONS.of(viewerId), role.toString());
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    /** An instant as a stored attribute (not a key part; see {@link #time}): ISO-8601, as on the wire. */
    public static AttributeValue s(Instant value) {
        return AttributeValue.fromS(value.toString());
    }

    /** The instant attribute {@code name} of {@code item}, or null when the item has none. */
    public static Instant instant(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? null : Instant.parse(value.s());
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    public static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    /** A query's {@code LastEvaluatedKey} as plain strings, to carry in a message; null at the end. */
    public static Map<String, String> pageToken(Map<String, AttributeValue> lastEvaluatedKey) {
        if (lastEvaluatedKey == null || lastEvaluatedKey.isEmpty()) {
            return null;
        }
        Map<String, String> token = new HashMap<>();
        lastEvaluatedKey.forEach((name, value) -> token.put(name, value.s()));
        return token;
    }

    /** The {@code ExclusiveStartKey} a page token stands for; null for the first page. */
    public static Map<String, AttributeValue> startKey(Map<String, String> token) {
        if (token == null) {
            return null;
        }
        Map<String, AttributeValue> key = new HashMap<>();
        token.forEach((name, value) -> key.put(name, s(value)));
        return key;
    }
}
