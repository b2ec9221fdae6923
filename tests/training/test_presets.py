import json

import pytest

from playground.training.config import TrainingConfig
from playground.training.presets import (
    Preset,
    PresetError,
    load_preset,
    load_presets,
    new_preset,
    save_preset,
)


def test_the_lecture_presets_load_and_validate():
    presets = load_presets()
    assert len(presets) == 10
    for preset in presets:
        cfg = preset.training_config()
        assert isinstance(cfg, TrainingConfig)
        assert cfg.validate(n_train_available=60000) == []
        for lang in ("en", "zh_TW"):
            assert preset.title_for(lang) and len(preset.watch_for(lang)) > 40
        for variant in preset.variant_configs():
            assert variant.validate(n_train_available=60000) == []


def test_the_presets_follow_the_lecture():
    by_key = {p.key: p.training_config() for p in load_presets()}
    demo = by_key["01-keras-demo"]
    assert (demo.hidden, demo.activation, demo.loss) == (
        (500, 500),
        "sigmoid",
        "mean_squared_error",
    )
    assert (demo.optimizer, demo.learning_rate, demo.batch_size) == ("sgd", 0.1, 100)
    assert by_key["02-cross-entropy"].loss == "categorical_crossentropy"
    assert by_key["03-relu"].activation == "relu"
    assert by_key["04-adam"].optimizer == "adam"
    assert len(by_key["05-deep-sigmoid"].hidden) >= 8
    batch = next(p for p in load_presets() if p.key == "06-batch-size")
    sizes = [c.batch_size for c in batch.variant_configs()]
    assert sizes == [1, 100, batch.training_config().train_size]


def test_save_and_load_round_trip(tmp_path):
    cfg = TrainingConfig(hidden=(32, 16), activation="tanh", learning_rate=0.05, train_size=500)
    preset = new_preset(cfg, {"en": "My run", "zh_TW": "我的訓練"}, "Watch the loss.")
    path = save_preset(tmp_path / "mine.json", preset)
    again = load_preset(path)
    assert again == preset
    assert again.training_config() == cfg
    assert again.key == "my-run"
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_user_presets_come_after_builtins_and_can_replace_one(tmp_path):
    builtin = load_presets()
    replaced = Preset(builtin[0].key, {"en": "Mine"}, {"en": "Mine"}, {"epochs": 1})
    save_preset(tmp_path / "a.json", replaced)
    save_preset(tmp_path / "b.json", new_preset(TrainingConfig(), "Extra"))
    presets = load_presets(user_folder=tmp_path)
    assert len(presets) == len(builtin) + 1
    assert [p.title_for("en") for p in presets].count("Mine") == 1
    assert presets[-1].title_for("en") == "Extra" and not presets[-1].builtin


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "one JSON object"),
        ('{"title": {"en": "t"}, "watch": {"en": "w"}}', 'missing "config"'),
        ('{"title": {"en": "t"}, "watch": {"en": "w"}, "config": {"hiden": [5]}}', '"hiden"'),
        ('{"title": {"en": "t"}, "watch": {"en": "w"}, "config": {"epochs": "3"}}', '"epochs"'),
        ('{"title": {"en": "t"}, "watch": {"en": "w"}, "config": {"hidden": [0]}}', "hidden"),
        ('{"title": {"en": "t"}, "watch": {"en": "w"}, "config": {"optimizer": "sgdd"}}', "sgdd"),
        ('{"title": {"en": "t"}, "watch": {"en": "w"}, "config": {"batch_size": 0}}', "batch"),
        ('{"title": "t", "config": {}}', '"watch"'),
        ('{"format": 9, "title": "t", "watch": "w", "config": {}}', "format 9"),
    ],
)
def test_bad_files_get_clear_errors(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PresetError) as info:
        load_preset(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_a_bad_user_file_is_reported_not_fatal(tmp_path):
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    errors = []
    presets = load_presets(user_folder=tmp_path, errors=errors)
    assert len(presets) == 10
    assert len(errors) == 1 and "broken.json" in str(errors[0])


def test_preset_files_are_plain_json_a_lecturer_can_edit():
    for preset in load_presets():
        data = json.loads(preset.path.read_text(encoding="utf-8"))
        assert set(data["title"]) == {"en", "zh_TW"}
        assert set(data["watch"]) == {"en", "zh_TW"}


def test_regularization_schedule_and_augmentation_presets_compare_their_variants():
    presets = {preset.key: preset for preset in load_presets()}
    dropout = presets["08-overfitting-dropout"].variant_configs()
    assert [(c.dropout, c.l2, c.shift, c.rotation) for c in dropout] == [
        (0.0, 0.0, 0.0, 0.0),
        (0.5, 0.0, 0.0, 0.0),
        (0.0, 0.005, 0.0, 0.0),
        (0.0, 0.005, 2.0, 15.0),
    ]
    schedule = presets["09-cosine-schedule"].variant_configs()
    assert [c.schedule for c in schedule] == ["constant", "cosine"]
    rotation = presets["10-rotation-augmentation"].variant_configs()
    assert [c.rotation for c in rotation] == [0.0, 30.0]
    for preset in ("08-overfitting-dropout", "09-cosine-schedule", "10-rotation-augmentation"):
        assert all(c.validate(60000) == [] for c in presets[preset].variant_configs())
        assert presets[preset].title_for("zh_TW") != presets[preset].title_for("en")
