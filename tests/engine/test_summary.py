"""``model.summary()``: the table a lecturer reads, checked line by line against Keras's layout.

The layout is Keras 2's: columns of 29, 26 and 10 characters (the parameter count right-aligned),
a rule of 65 underscores above and below the rows, '=' under the header and a blank line between
rows; the totals as Keras 3 prints them, with the weights' size in KB or MB (1 KB = 1,024 bytes).
Every count below is worked out by hand: a Dense layer of u units (p pieces for maxout) after
d inputs holds d * u * p + u * p parameters.
"""

from __future__ import annotations

from playground.engine import Dense, Sequential

RULE = "_________________________________________________________________"  # 65
DOUBLE = "================================================================="  # 65
HEADER = " Layer (type)                Output Shape                 Param #"


def _table(model: Sequential) -> list[str]:
    lines: list[str] = []
    model.summary(print_fn=lines.append)
    return lines


def test_the_table_of_a_small_network_line_by_line() -> None:
    model = Sequential(
        [
            Dense(4, "relu", input_dim=3),  # 3 * 4 + 4 = 16
            Dense(3, "maxout", pieces=2),  # 4 * 6 + 6 = 30
            Dense(2),  # linear: 3 * 2 + 2 = 8
        ],
        seed=0,
        name="tiny",
    )
    # 54 float32 parameters: 216 bytes, 216 / 1024 = 0.21 KB
    assert _table(model) == [
        'Model: "tiny"',
        RULE,
        HEADER,
        DOUBLE,
        " dense (Dense, relu)         (None, 4)                         16",
        "",
        " dense_1 (Dense, maxout)     (None, 3)                         30",
        "",
        " dense_2 (Dense)             (None, 2)                          8",
        RULE,
        "Total params: 54 (0.21 KB)",
        "Trainable params: 54 (0.21 KB)",
        "Non-trainable params: 0 (0.00 B)",
    ]
    assert len(RULE) == len(DOUBLE) == len(HEADER) == 65


def test_a_single_layer_ends_with_the_rule_and_large_counts_get_thousands_separators() -> None:
    # 1,000 * 1,000 + 1,000 = 1,001,000 parameters; 4,004,000 bytes / 2**20 = 3.82 MB
    model = Sequential([Dense(1000, "softmax", input_dim=1000, name="wide")], seed=0)
    assert _table(model)[4:] == [
        " wide (Dense, softmax)       (None, 1000)               1,001,000",
        RULE,
        "Total params: 1,001,000 (3.82 MB)",
        "Trainable params: 1,001,000 (3.82 MB)",
        "Non-trainable params: 0 (0.00 B)",
    ]


def test_the_size_switches_to_mb_at_exactly_one_mebibyte() -> None:
    # 511 * 512 + 512 = 262,144 float32 parameters: 1,048,576 bytes, exactly 1 MB
    at_one_mb = Sequential([Dense(512, input_dim=511)], seed=0)
    assert _table(at_one_mb)[-3] == "Total params: 262,144 (1.00 MB)"
    # 262,142 * 1 + 1 = 262,143 parameters: 1,048,572 bytes = 1,023.996 KB, shown 1024.00 KB
    below = Sequential([Dense(1, input_dim=262_142)], seed=0)
    assert _table(below)[-3] == "Total params: 262,143 (1024.00 KB)"


def test_summary_rows_give_what_each_row_shows() -> None:
    model = Sequential(
        [Dense(5, "elu", input_dim=2, name="hidden"), Dense(4, "maxout", pieces=3)], seed=0
    )
    first, second = model.summary_rows()
    assert (first.name, first.type, first.output_shape) == ("hidden", "Dense", (None, 5))
    assert (first.params, first.activation, first.units, first.pieces) == (15, "elu", 5, 1)
    # maxout: 5 * 12 + 12 = 72 parameters, 4 units of 3 pieces
    assert (second.name, second.output_shape, second.params) == ("dense_1", (None, 4), 72)
    assert (second.activation, second.units, second.pieces) == ("maxout", 4, 3)
