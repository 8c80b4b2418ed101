"""Report-to-image generation tuned by policy-gradient RL with comparative feedback (CXRL).

A small conditional diffusion model (diffusers' UNet2DConditionModel + DDIMScheduler) draws a
frontal phantom chest X-ray from report text; reward models trained on phantom images
(diagnostic classifier, pose regressor, and the reference report model `rrg_model` for
report-image consistency) score what it draws; DDPO-style RL over the DDIM sampling chain
tunes it with rewards composed by `rrg_rewards.rl` (comparative or absolute feedback).

Modules: `config` (presets), `text_encoder`, `adaptive` (adaptive condition embeddings),
`generator`, `ddim` (per-step log-probabilities), `reward_models`, `consistency`, `pose`,
`rewards` (composition through `rrg_rewards.rl`), `data`, `checkpoint`, `train`, `tune`,
`sample`, `pipeline`. Needs the ``synth`` extra (diffusers).
"""
