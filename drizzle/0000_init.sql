CREATE TABLE `agents` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`name` text NOT NULL,
	`surface` text,
	`proposer` text,
	`received_at` text NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `agents_run_idx` ON `agents` (`run_id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text,
	`trial_id` text,
	`action` text NOT NULL,
	`actor` text NOT NULL,
	`at` text NOT NULL,
	`detail` text,
	`received_at` text NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`trial_id`) REFERENCES `trials`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `events_run_idx` ON `events` (`run_id`,`at`);--> statement-breakpoint
CREATE TABLE `run_stats` (
	`run_id` text PRIMARY KEY NOT NULL,
	`trial_count` integer DEFAULT 0 NOT NULL,
	`evaluated_count` integer DEFAULT 0 NOT NULL,
	`kept_count` integer DEFAULT 0 NOT NULL,
	`baseline_trial_id` text,
	`baseline_score` real,
	`best_trial_id` text,
	`best_score` real,
	`failures` text DEFAULT '{}' NOT NULL,
	`last_seq` integer DEFAULT 0 NOT NULL,
	`chain_seq` integer DEFAULT 0 NOT NULL,
	`chain_head` text,
	`last_activity_at` text,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `runs` (
	`id` text PRIMARY KEY NOT NULL,
	`task_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`feedback` text NOT NULL,
	`status` text NOT NULL,
	`started_at` text,
	`finished_at` text,
	`config` text,
	`received_at` text NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `runs_task_idx` ON `runs` (`task_id`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`metric_name` text NOT NULL,
	`metric_direction` text NOT NULL,
	`metric_unit` text,
	`baseline_score` real,
	`noise_floor` real,
	`spec` text NOT NULL,
	`received_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `trial_context_refs` (
	`trial_id` text NOT NULL,
	`position` integer NOT NULL,
	`ref_id` text NOT NULL,
	PRIMARY KEY(`trial_id`, `position`),
	FOREIGN KEY (`trial_id`) REFERENCES `trials`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ref_id`) REFERENCES `trials`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `trial_context_refs_ref_idx` ON `trial_context_refs` (`ref_id`);--> statement-breakpoint
CREATE TABLE `trial_parents` (
	`trial_id` text NOT NULL,
	`position` integer NOT NULL,
	`parent_id` text NOT NULL,
	PRIMARY KEY(`trial_id`, `position`),
	FOREIGN KEY (`trial_id`) REFERENCES `trials`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`parent_id`) REFERENCES `trials`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `trial_parents_parent_idx` ON `trial_parents` (`parent_id`);--> statement-breakpoint
CREATE TABLE `trials` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`seq` integer NOT NULL,
	`agent_id` text,
	`hypothesis` text NOT NULL,
	`expected_delta` real,
	`domain` text,
	`diff` text,
	`status` text NOT NULL,
	`score` real,
	`metrics` text,
	`failure` text,
	`failure_detail` text,
	`wallclock_seconds` real,
	`artifact_bytes` integer,
	`peak_memory_bytes` integer,
	`log` text,
	`context` text,
	`feedback` text,
	`kept` integer,
	`started_at` text,
	`finished_at` text,
	`extra` text,
	`is_best` integer DEFAULT false NOT NULL,
	`prev_hash` text,
	`hash` text,
	`received_at` text NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `trials_run_seq_idx` ON `trials` (`run_id`,`seq`);--> statement-breakpoint
CREATE INDEX `trials_run_score_idx` ON `trials` (`run_id`,`score`,`seq`);--> statement-breakpoint
CREATE INDEX `trials_run_agent_idx` ON `trials` (`run_id`,`agent_id`,`seq`);--> statement-breakpoint
CREATE INDEX `trials_run_failure_idx` ON `trials` (`run_id`,`failure`,`seq`);--> statement-breakpoint
CREATE INDEX `trials_run_status_idx` ON `trials` (`run_id`,`status`,`seq`);--> statement-breakpoint
CREATE TABLE `verdicts` (
	`id` text PRIMARY KEY NOT NULL,
	`trial_id` text NOT NULL,
	`verdict` text NOT NULL,
	`domain` text,
	`reason` text,
	`auditor` text,
	`created_at` text,
	`received_at` text NOT NULL,
	FOREIGN KEY (`trial_id`) REFERENCES `trials`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `verdicts_trial_idx` ON `verdicts` (`trial_id`);