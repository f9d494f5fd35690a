package io.mentorship.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IntrinsicsTest {
    private final Intrinsics intrinsics = new Intrinsics(new Intrinsics.Lookup() {
        @Override
        public Optional<String> ref(String name) {
            return Optional.ofNullable(Map.of("Queue", "https://q/url", "AWS::Region", "eu-west-1").get(name));
        }

        @Override
        public Optional<String> attribute(String logicalId, String attribute) {
            return logicalId.equals("Queue") && attribute.equals("Arn") ? Optional.of("arn:q") : Optional.empty();
        }
    });

    @Test
    void resolvesRefGetAttSubAndJoin() {
        assertThat(intrinsics.resolve(Map.of("Ref", "Queue"))).isEqualTo("https://q/url");
        assertThat(intrinsics.resolve(Map.of("Fn::GetAtt", List.of("Queue", "Arn")))).isEqualTo("arn:q");
        assertThat(intrinsics.resolve(Map.of("Fn::Sub", "${Queue.Arn} in ${AWS::Region} ${!Literal}")))
                .isEqualTo("arn:q in eu-west-1 ${Literal}");
        assertThat(intrinsics.resolve(Map.of("Fn::Join", List.of("-", List.of("a", Map.of("Ref", "Queue"))))))
                .isEqualTo("a-https://q/url");
    }

    @Test
    void anUnknownReferenceIsAnError() {
        assertThatThrownBy(() -> intrinsics.resolve(Map.of("Ref", "Nothing")))
                .isInstanceOf(Intrinsics.UnresolvedReference.class).hasMessageContaining("Nothing");
    }
}
