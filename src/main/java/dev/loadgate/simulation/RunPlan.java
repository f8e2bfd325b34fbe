package dev.loadgate.simulation;

import dev.loadgate.plan.IngestionModel;
import dev.loadgate.plan.Plan;
import dev.loadgate.plan.RateCurve;
import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;

/**
 * A run worked out before anything starts: the profile and its plan, the scale, the scaled curve
 * and pipeline the stack runs, the injection, and what the model predicts the run will measure.
 *
 * @param pipeline the pipeline the run replays against (after the plan's scaling with {@code
 *     -Dpipeline.apply-scaling=true})
 * @param localLag the lag the local consumers should build at full local speed (local mode), or
 *     null
 * @param replay production mode's model and comparison, or null in local mode and with a target
 * @param live the live load replayed beside the load ({@code -Dlive=true}), or null
 */
public record RunPlan(
    SimulationSettings settings,
    IntakeProfile profile,
    Plan plan,
    Pipeline pipeline,
    Scale scale,
    String scaleReason,
    RateCurve scaledCurve,
    Pipeline scaledPipeline,
    LoadShape shape,
    String endpoint,
    Prediction prediction,
    RunSummary.LocalConsumers localConsumers,
    IngestionModel.Result localLag,
    ReplayCapacity replay,
    LiveReplay live) {}
