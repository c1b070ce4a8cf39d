"""Scene-graph tools: VG/GQA/sg2im data, statistics, the frequency baseline, the
density-normalized edge loss, a PredCls model and the scene-graph recall metrics.

References
----------
B. Knyazev, H. de Vries, C. Cangea, G. W. Taylor, A. Courville, E. Belilovsky,
"Graph Density-Aware Losses for Novel Compositions in Scene Graph Generation",
BMVC 2020, arXiv:2005.08230.
"""

from engine.scenegraph.convert import to_hetero_data, to_pyg
from engine.scenegraph.formats import (
    FORMATS,
    load_demo_graphs,
    read_gqa,
    read_scene_graphs,
    read_sg2im,
    read_visual_genome,
    restrict_to_vocabulary,
    write_scene_graphs,
)
from engine.scenegraph.frequency import FrequencyBaseline, frequency_baseline, triplet_count_table
from engine.scenegraph.loss import LOSSES, edge_loss
from engine.scenegraph.metrics import KS, Prediction, SceneGraphMetrics, Target, box_iou, evaluate_scene_graphs
from engine.scenegraph.model import (
    LR_GRID,
    METHODS,
    LearningRateChoice,
    choose_learning_rate,
    PredClsModel,
    PredClsRun,
    predict_predcls,
    run_predcls,
    train_predcls,
    zero_shot_differences,
)
from engine.scenegraph.setmetrics import compare_graph_sets, gaussian_mmd, novelty, triplet_total_variation
from engine.scenegraph.stats import dataset_summary, graph_statistics, predicate_frequencies, shot_shares, triplet_frequencies
from engine.scenegraph.synthetic import SyntheticSplit, generate_synthetic
from engine.scenegraph.types import SceneGraph, SceneGraphDataset, Vocabulary
from engine.scenegraph.vocab import load_vg150_vocabulary, vocabulary_from_graphs

__all__ = [
    "SceneGraph", "SceneGraphDataset", "Vocabulary", "load_vg150_vocabulary", "vocabulary_from_graphs",
    "FORMATS", "read_scene_graphs", "read_visual_genome", "read_gqa", "read_sg2im", "write_scene_graphs",
    "load_demo_graphs", "restrict_to_vocabulary", "to_pyg", "to_hetero_data",
    "SyntheticSplit", "generate_synthetic",
    "graph_statistics", "predicate_frequencies", "triplet_frequencies", "shot_shares", "dataset_summary",
    "FrequencyBaseline", "frequency_baseline", "triplet_count_table",
    "LOSSES", "edge_loss", "METHODS", "LR_GRID", "LearningRateChoice", "choose_learning_rate", "PredClsModel", "PredClsRun", "train_predcls", "predict_predcls", "run_predcls",
    "zero_shot_differences", "KS", "Prediction", "Target", "SceneGraphMetrics", "box_iou", "evaluate_scene_graphs",
    "gaussian_mmd", "triplet_total_variation", "novelty", "compare_graph_sets",
]
