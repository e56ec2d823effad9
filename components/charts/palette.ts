// The one palette lives in lib/domain so the static bundle (lib/bundle) draws in the same colours.
export * from "@/lib/domain/palette";
