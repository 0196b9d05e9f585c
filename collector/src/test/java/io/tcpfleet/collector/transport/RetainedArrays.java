package io.tcpfleet.collector.transport;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The bytes of the primitive arrays an sshj client holds: its buffers, measured on the object
 * rather than by the heap's ups and downs. It follows the fields of sshj's and tcpfleet's objects,
 * the elements of arrays and of collections (by iteration), and stops at what a client shares or
 * does not own: the configuration, threads (a parked client has no reader), loggers, and the JDK's
 * other objects (sockets, ciphers, strings).
 */
final class RetainedArrays {

    private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final ArrayDeque<Object> todo = new ArrayDeque<>();
    private long bytes;

    private RetainedArrays() {
    }

    static long of(Object root) {
        RetainedArrays r = new RetainedArrays();
        r.push(root);
        while (!r.todo.isEmpty()) {
            r.visit(r.todo.pop());
        }
        return r.bytes;
    }

    private void push(Object o) {
        if (o != null && !skipped(o) && seen.add(o)) {
            todo.push(o);
        }
    }

    private static boolean skipped(Object o) {
        if (o instanceof Thread || o instanceof Class || o instanceof net.schmizz.sshj.Config
                || o instanceof org.slf4j.Logger || o instanceof net.schmizz.sshj.common.LoggerFactory) {
            return true;
        }
        if (o.getClass().isArray() || o instanceof Collection || o instanceof Map) {
            return false;
        }
        return !followed(o.getClass());
    }

    /** sshj's and tcpfleet's classes; of a subclass of a JDK class (a socket), only its own fields. */
    private static boolean followed(Class<?> c) {
        String name = c.getName();
        return name.startsWith("net.schmizz.") || name.startsWith("com.hierynomus.") || name.startsWith("io.tcpfleet.");
    }

    private void visit(Object o) {
        Class<?> c = o.getClass();
        if (c.isArray()) {
            Class<?> e = c.getComponentType();
            int n = Array.getLength(o);
            if (e.isPrimitive()) {
                bytes += (long) n * width(e);
            } else {
                for (int i = 0; i < n; i++) {
                    push(Array.get(o, i));
                }
            }
        } else if (o instanceof Map<?, ?> m) {
            for (Object k : m.keySet().toArray()) {
                push(k);
            }
            for (Object v : m.values().toArray()) {
                push(v);
            }
        } else if (o instanceof Collection<?> col) {
            for (Object x : col.toArray()) {
                push(x);
            }
        } else {
            for (; c != null && followed(c); c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                        f.setAccessible(true);
                        try {
                            push(f.get(o));
                        } catch (IllegalAccessException ex) {
                            throw new AssertionError(ex);
                        }
                    }
                }
            }
        }
    }

    private static int width(Class<?> primitive) {
        if (primitive == byte.class || primitive == boolean.class) {
            return 1;
        }
        if (primitive == char.class || primitive == short.class) {
            return 2;
        }
        return primitive == long.class || primitive == double.class ? 8 : 4;
    }
}
