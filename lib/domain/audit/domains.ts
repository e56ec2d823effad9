// Domain names and the rules used when a task declares none. Agents declare domains in shorthand
// (Auto-Research-Recipes writes `arch`, `opt`, `sched`…); one name per domain lets declared and
// classified domains be compared.
import type { DomainRule } from "./types";

export const STANDARD_DOMAINS = ["architecture", "optimizer", "schedule", "data", "evaluation", "systems", "other"] as const;

const ALIASES: Record<string, string> = {
  arch: "architecture",
  architecture: "architecture",
  model: "architecture",
  opt: "optimizer",
  optim: "optimizer",
  optimizer: "optimizer",
  optimiser: "optimizer",
  sched: "schedule",
  schedule: "schedule",
  lr: "schedule",
  data: "data",
  aug: "data",
  augmentation: "data",
  tok: "data",
  tokenizer: "data",
  curr: "data",
  curriculum: "data",
  eval: "evaluation",
  evaluation: "evaluation",
  sys: "systems",
  systems: "systems",
  system: "systems",
  kernel: "systems",
  kernels: "systems",
  perf: "systems",
  reg: "regularization",
  quant: "quantization",
  ttt: "test-time training",
  other: "other",
  misc: "other",
};

/** The one name of a declared or assigned domain; names we do not know stay as given (lower case). */
export function domainName(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const key = raw.trim().toLowerCase();
  if (!key || key === "baseline") return null;
  return ALIASES[key] ?? key;
}

/** Evaluation-looking code: test-set reads, metric functions, seeds of the split. */
export const EVALUATION_PATTERNS: string[] = [
  "\\b(test_set|testset|test_data|test_loader|X_test|y_test|val_loader|val_data|holdout)\\b",
  "(load|read|open)\\w*\\(.*\\b(test|val|valid|validation|holdout)\\b",
  "def\\s+(compute_|calc_|get_)?(metric|metrics|score|accuracy|evaluate|eval_\\w+|bpb|val_loss)\\s*\\(",
  "\\b(split|train_test_split|random_split)\\b.*\\b(seed|random_state|generator)\\b",
  "\\b(seed|random_state)\\b.*\\b(split|shuffle)\\b",
];

/**
 * Used only when a task has no `domains` rules of its own: hunk patterns for the common families
 * of training-recipe edits. Deliberately coarse; a task's own rules always replace them.
 */
export const DEFAULT_DOMAIN_RULES: DomainRule[] = [
  {
    name: "architecture",
    paths: ["model/**", "models/**", "**/model.py", "**/modeling*.py"],
    patterns: [
      "\\bnn\\.(Linear|Conv\\d?d|Embedding|LayerNorm|RMSNorm|MultiheadAttention|Module)\\b",
      "\\b(n_layer|n_head|n_embd|num_layers|num_heads|hidden_size|d_model|mlp_ratio|head_dim)\\b",
      "\\b(attention|attn|residual|rotary|rope|mlp|block)s?\\b",
    ],
  },
  {
    name: "optimizer",
    paths: ["optim/**", "**/optim*.py"],
    patterns: ["\\b(Adam|AdamW|SGD|Muon|Lion|optimizer|momentum|weight_decay|betas|nesterov|grad_clip|clip_grad)\\b"],
  },
  {
    name: "schedule",
    patterns: ["\\b(warmup|warmdown|cooldown|cosine|lr_schedule|scheduler|lr_decay|min_lr|max_lr|num_iterations|total_steps)\\b"],
  },
  {
    name: "data",
    paths: ["data/**", "**/dataset*.py", "**/dataloader*.py"],
    patterns: ["\\b(dataset|dataloader|DataLoader|augment\\w*|batch_size|seq_len|tokeni[sz]e\\w*|shuffle|crop|flip|mixup|cutout)\\b"],
  },
  {
    name: "systems",
    patterns: ["\\b(torch\\.compile|cuda|triton|kernel|bf16|bfloat16|fp16|float16|autocast|flash_attn|num_workers|pin_memory|fused)\\b"],
  },
  { name: "evaluation", paths: ["eval/**", "evaluate*.py", "**/eval*.py", "**/metrics*.py"], patterns: EVALUATION_PATTERNS },
];
