package dev.grpo.streams.internal.assembler;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The group-state store with the most recently used states also kept decoded in memory, so a
 * group's many updates do not each deserialize it again. Writes go through to the store; the
 * memory copy is only ever a copy of what the store holds.
 */
final class GroupStore {

    private final KeyValueStore<String, GroupState> store;
    private final Map<String, GroupState> recent;

    GroupStore(KeyValueStore<String, GroupState> store, int capacity) {
        this.store = store;
        this.recent = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, GroupState> eldest) {
                return size() > capacity;
            }
        };
    }

    GroupState get(String groupId) {
        GroupState state = recent.get(groupId);
        if (state == null) {
            state = store.get(groupId);
            if (state != null) {
                recent.put(groupId, state);
            }
        }
        return state;
    }

    void put(String groupId, GroupState state) {
        store.put(groupId, state);
        recent.put(groupId, state);
    }

    void delete(String groupId) {
        store.delete(groupId);
        recent.remove(groupId);
    }

    /** The underlying store, for scans. */
    KeyValueStore<String, GroupState> store() {
        return store;
    }
}
