CREATE TABLE `code_blobs` (
	`hash` text PRIMARY KEY NOT NULL,
	`content` text NOT NULL,
	`bytes` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `code_snapshots` (
	`hash` text PRIMARY KEY NOT NULL,
	`files` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `run_leases` (
	`run_id` text PRIMARY KEY NOT NULL,
	`runner_id` text NOT NULL,
	`pid` integer NOT NULL,
	`heartbeat_at` text NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `trial_code` (
	`trial_id` text PRIMARY KEY NOT NULL,
	`snapshot_hash` text NOT NULL,
	FOREIGN KEY (`trial_id`) REFERENCES `trials`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`snapshot_hash`) REFERENCES `code_snapshots`(`hash`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `trial_code_snapshot_idx` ON `trial_code` (`snapshot_hash`);--> statement-breakpoint
CREATE TABLE `trial_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`runner_id` text NOT NULL,
	`planned` text NOT NULL,
	`snapshot_hash` text,
	`pgid` integer,
	`started_at` text NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`snapshot_hash`) REFERENCES `code_snapshots`(`hash`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `trial_jobs_run_idx` ON `trial_jobs` (`run_id`);