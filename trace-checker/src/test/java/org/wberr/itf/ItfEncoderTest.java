package org.wberr.itf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import tlc2.value.impl.BoolValue;
import tlc2.value.impl.FcnRcdValue;
import tlc2.value.impl.IntValue;
import tlc2.value.impl.IntervalValue;
import tlc2.value.impl.ModelValue;
import tlc2.value.impl.RecordValue;
import tlc2.value.impl.SetEnumValue;
import tlc2.value.impl.StringValue;
import tlc2.value.impl.TupleValue;
import tlc2.value.impl.Value;
import util.UniqueString;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ItfEncoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String encode(Value v) {
        return ItfEncoder.encode(v).toString();
    }

    private static Value str(String s) {
        return new StringValue(s);
    }

    private static Value num(int i) {
        return IntValue.gen(i);
    }

    @Test
    void encode_scalars_asPlainJson() {
        assertEquals("true", encode(BoolValue.ValTrue));
        assertEquals("-7", encode(num(-7)));
        assertEquals("\"EIO\"", encode(str("EIO")));
    }

    @Test
    void encode_modelValue_isUnserializableWithItsName() {
        assertEquals("{\"#unserializable\":\"fdA\"}", encode((Value) ModelValue.make("fdA")));
    }

    @Test
    void encode_set_sortsElementsLexicographically_notInTlcsOrder() {
        // TLC orders strings by when they were interned; these are new, so TLC's order is zz1 < yy1 < xx1.
        Value set = new SetEnumValue(new Value[] {str("zz1"), str("yy1"), str("xx1")}, false);
        assertEquals("{\"#set\":[\"xx1\",\"yy1\",\"zz1\"]}", encode(set));
        assertEquals("{\"#set\":[1,2,3]}", encode(new IntervalValue(1, 3)));
        assertEquals("{\"#set\":[]}", encode(new SetEnumValue()));
    }

    @Test
    void encode_sequence_isAnArray_whetherTupleOrFunctionOverOneToN() {
        Value tuple = new TupleValue(new Value[] {num(5), str("x")});
        Value fcn = new FcnRcdValue(new Value[] {num(2), num(1)}, new Value[] {str("x"), num(5)}, false);
        assertEquals("[5,\"x\"]", encode(tuple));
        assertEquals(encode(tuple), encode(fcn));
        assertEquals("[]", encode(new TupleValue(new Value[0])));
    }

    @Test
    void encode_record_isAnObject_whetherRecordOrFunctionOverStrings() {
        Value rec = new RecordValue(new UniqueString[] {UniqueString.uniqueStringOf("n"),
            UniqueString.uniqueStringOf("fd")}, new Value[] {num(3), str("none")}, false);
        Value fcn = new FcnRcdValue(new Value[] {str("fd"), str("n")}, new Value[] {str("none"), num(3)}, false);
        assertEquals("{\"fd\":\"none\",\"n\":3}", encode(rec));
        assertEquals(encode(rec), encode(fcn));
    }

    @Test
    void encode_functionOverOtherKeys_isAMapSortedByKey() {
        Value a = ModelValue.make("a");
        Value b = ModelValue.make("b");
        Value fcn = new FcnRcdValue(new Value[] {b, a}, new Value[] {num(1), num(0)}, false);
        assertEquals("{\"#map\":[[{\"#unserializable\":\"a\"},0],[{\"#unserializable\":\"b\"},1]]}", encode(fcn));
        Value fromZero = new FcnRcdValue(new IntervalValue(0, 1), new Value[] {str("x"), str("y")});
        assertEquals("{\"#map\":[[0,\"x\"],[1,\"y\"]]}", encode(fromZero));
    }

    @Test
    void encode_stringKeyStartingWithHash_isAMapNotARecord() {
        Value fcn = new FcnRcdValue(new Value[] {str("#set")}, new Value[] {num(1)}, false);
        assertEquals("{\"#map\":[[\"#set\",1]]}", encode(fcn));
    }

    @Test
    void integer_beyondJsonSafeRange_isABigint() {
        assertEquals("9007199254740991", ItfEncoder.integer((1L << 53) - 1).toString());
        assertEquals("{\"#bigint\":\"9007199254740992\"}", ItfEncoder.integer(1L << 53).toString());
    }

    @Test
    void jsonOrder_sortsKindsThenValues() throws Exception {
        JsonNode set = JSON.readTree("[\"b\", 10, {\"#unserializable\": \"m\"}, true, 2, \"a\", false]");
        java.util.List<JsonNode> l = new java.util.ArrayList<>();
        set.forEach(l::add);
        l.sort(JsonOrder.INSTANCE);
        assertEquals("[false, true, 2, 10, \"a\", \"b\", {\"#unserializable\":\"m\"}]", l.toString());
    }
}
