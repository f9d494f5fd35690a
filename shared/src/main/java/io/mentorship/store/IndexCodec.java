package io.mentorship.store;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.SmileGenerator;
import io.mentorship.matching.MatchCard;
import io.mentorship.profile.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The candidate index's stored form of a match card and a list's bar: binary attributes holding Smile (binary JSON)
 * with every record as a positional array and every enum as its index, so no field names are stored, numbers are
 * binary (a double comes back bit for bit) and repeated strings are back-references. A computation reads whole
 * topic partitions, and read capacity is billed by the byte: a card takes about half the bytes of its JSON.
 *
 * <p>What the item already says is left out of the card: the member's id (the sort key) and role (the partition);
 * the display name is not stored at all (matching never shows it). Arrays are positional, so the format is tied to
 * the records' component order and the enums' constant order: adding or reordering a component of
 * {@link MatchCard} or {@link MatchIndex.Bar}, or a constant of an enum they hold, needs a new attribute name
 * ({@link #CARD}, {@link #BAR}) and a global recompute, which rewrites every item.
 */
final class IndexCodec {
    /** The attributes that hold them. */
    static final String CARD = "k";
    static final String BAR = "b";

    private static final ObjectMapper SMILE = build();

    private IndexCodec() {
    }

    static AttributeValue card(MatchCard card) {
        return write(card);
    }

    /**
     * A short digest of what a card says about its member, the same in every process: its sets in sorted order
     * ({@code Set.copyOf} iterates in an order that differs between JVMs), without the id and display name.
     */
    static String digest(MatchCard card) {
        MatchCard canonical = new MatchCard(null, null, card.role(), new java.util.TreeSet<>(card.topics()),
                card.capacity(), card.activeMentees(), card.accepting(), new java.util.TreeSet<>(card.languages()),
                new java.util.TreeSet<>(card.interests()), card.work(), card.schools(), card.place(), card.privacy(),
                card.remoteOk(), card.outsideMyCircle(), card.ackVersion());
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(SMILE.writeValueAsBytes(canonical));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 16));
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static MatchCard card(AttributeValue value, String userId, Role role) {
        MatchCard c = read(value, MatchCard.class);
        return new MatchCard(userId, null, role, c.topics(), c.capacity(), c.activeMentees(), c.accepting(),
                c.languages(), c.interests(), c.work(), c.schools(), c.place(), c.privacy(), c.remoteOk(),
                c.outsideMyCircle(), c.ackVersion());
    }

    static AttributeValue bar(MatchIndex.Bar bar) {
        return write(bar);
    }

    static MatchIndex.Bar bar(AttributeValue value) {
        return read(value, MatchIndex.Bar.class);
    }

    private static AttributeValue write(Object value) {
        try {
            return AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(SMILE.writeValueAsBytes(value)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(AttributeValue value, Class<T> type) {
        try {
            return SMILE.readValue(value.b().asByteArrayUnsafe(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonIgnoreProperties({"u", "n", "r"})
    private abstract static class CardAsArray {
    }

    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    private abstract static class AsArray {
    }

    private static ObjectMapper build() {
        // The header is what lets a reader resolve back-references to strings already written.
        SmileFactory smile = SmileFactory.builder()
                .enable(SmileGenerator.Feature.WRITE_HEADER)
                .enable(SmileGenerator.Feature.CHECK_SHARED_STRING_VALUES)
                .build();
        ObjectMapper mapper = new ObjectMapper(smile)
                .enable(SerializationFeature.WRITE_ENUMS_USING_INDEX)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.addMixIn(MatchCard.class, CardAsArray.class);
        for (Class<?> type : new Class<?>[] {MatchCard.Work.class, MatchCard.School.class, MatchCard.Place.class,
                MatchCard.Privacy.class, MatchIndex.Bar.class}) {
            mapper.addMixIn(type, AsArray.class);
        }
        return mapper;
    }
}
