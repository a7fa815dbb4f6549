package dev.lakewire.azure;

import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.resourcemanager.authorization.fluent.RoleAssignmentsClient;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentInner;
import com.azure.resourcemanager.authorization.models.PrincipalType;
import com.azure.resourcemanager.authorization.models.RoleAssignmentCreateParameters;
import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.RoleAssignmentSpec;
import dev.lakewire.ports.RoleAssignments;
import java.util.Locale;

/**
 * Azure RBAC role assignments through the AuthorizationManager's service client (api-version
 * 2022-04-01).
 *
 * <p>Existence check: {@link #ensure} first GETs {@code {scope}/providers/Microsoft.Authorization/
 * roleAssignments/{name}}; the name is deterministic (see {@code Names.roleAssignment}), so a 200
 * means the work was done before ({@link Result#ALREADY_EXISTED}) and no write is spent. Reads are
 * cheaper than writes in ARM's per-principal budget (250 + 25/s against 200 + 10/s), and a re-run
 * of the step then writes nothing. On 404 it PUTs: 201 is {@link Result#CREATED}; 200 (someone else
 * created it between the two calls) and 409 {@code RoleAssignmentExists} (the same principal, role
 * and scope under another name, e.g. granted by hand) are {@link Result#ALREADY_EXISTED}. A GET
 * that finds the name holding another principal or role is {@link CloudFailure.Permanent}: it
 * cannot happen with lakewire's names unless someone reused one.
 *
 * <p>{@code PrincipalNotFound} (a new connector's identity not yet replicated in Entra ID) is
 * {@link CloudFailure.NotYet}; the PUT names {@code principalType: ServicePrincipal}, which lets
 * ARM skip most of that wait.
 */
public final class ArmRoleAssignments implements RoleAssignments {

  private final ArmClients arm;

  public ArmRoleAssignments(ArmClients arm) {
    this.arm = arm;
  }

  @Override
  public Result ensure(RoleAssignmentSpec spec) {
    String subscription = ResourceId.fromString(spec.scope()).subscriptionId();
    String roleDefinitionId = roleDefinitionId(subscription, spec.roleDefinitionGuid());
    RoleAssignmentsClient client =
        arm.authorization(subscription).roleServiceClient().getRoleAssignments();
    String scope = ArmClients.relative(spec.scope());
    String what = "role assignment " + spec.name() + " on " + spec.scope();
    try {
      RoleAssignmentInner existing =
          client.getWithResponse(scope, spec.name(), null, Context.NONE).getValue();
      requireSame(spec, existing);
      return Result.ALREADY_EXISTED;
    } catch (CloudFailure f) {
      throw f;
    } catch (RuntimeException e) {
      if (!ArmFailures.isNotFound(e)) {
        throw arm.failures().classify("GET " + what, e);
      }
    }
    try {
      Response<RoleAssignmentInner> created =
          client.createWithResponse(
              scope,
              spec.name(),
              new RoleAssignmentCreateParameters()
                  .withRoleDefinitionId(roleDefinitionId)
                  .withPrincipalId(spec.principalId())
                  .withPrincipalType(PrincipalType.SERVICE_PRINCIPAL),
              Context.NONE);
      return created.getStatusCode() == 201 ? Result.CREATED : Result.ALREADY_EXISTED;
    } catch (RuntimeException e) {
      if (ArmFailures.status(e) == 409 && "RoleAssignmentExists".equals(ArmFailures.code(e))) {
        return Result.ALREADY_EXISTED;
      }
      throw arm.failures().classify("PUT " + what, e);
    }
  }

  /** The role definition id at the scope's subscription, as ARM wants it in the PUT body. */
  static String roleDefinitionId(String subscriptionId, String roleGuid) {
    return "/subscriptions/"
        + subscriptionId
        + "/providers/Microsoft.Authorization/roleDefinitions/"
        + roleGuid;
  }

  private static void requireSame(RoleAssignmentSpec spec, RoleAssignmentInner existing) {
    boolean samePrincipal =
        existing.principalId() == null
            || existing.principalId().equalsIgnoreCase(spec.principalId());
    boolean sameRole =
        existing.roleDefinitionId() == null
            || existing
                .roleDefinitionId()
                .toLowerCase(Locale.ROOT)
                .endsWith("/" + spec.roleDefinitionGuid().toLowerCase(Locale.ROOT));
    if (!samePrincipal || !sameRole) {
      throw new CloudFailure.Permanent(
          "role assignment "
              + spec.name()
              + " on "
              + spec.scope()
              + " exists for principal "
              + existing.principalId()
              + " and role "
              + existing.roleDefinitionId()
              + ", not for "
              + spec.principalId()
              + " and role "
              + spec.roleDefinitionGuid()
              + "; delete it or reprocess with another name",
          null);
    }
  }
}
